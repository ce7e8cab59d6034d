using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace PartnerBot.Storage;

/// <summary>
/// Automatic change detection off until disposed, then as it was. Reading a tracker's entries otherwise scans every
/// tracked entity for changes first; code that needs no such scan (what it reads was tracked as added or marked by
/// hand, and the save detects changes anyway) reads under this. A tracker with detection already off is left alone.
/// </summary>
internal readonly struct DetectionPaused : IDisposable
{
    private readonly ChangeTracker? _paused;

    public DetectionPaused(ChangeTracker tracker)
    {
        if (!tracker.AutoDetectChangesEnabled) return;
        tracker.AutoDetectChangesEnabled = false;
        _paused = tracker;
    }

    public void Dispose()
    {
        if (_paused is not null) _paused.AutoDetectChangesEnabled = true;
    }
}
