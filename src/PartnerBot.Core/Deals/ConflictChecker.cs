using FuzzySharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

public enum ConflictKind
{
    /// <summary>The asker's own organisation already holds an active registration for this account.</summary>
    SameOrganisation,
    /// <summary>Another partner registered it first.</summary>
    OtherPartner,
    /// <summary>Direct sales own the account.</summary>
    DirectAccount,
}

public sealed record ConflictMatch(ConflictKind Kind, string Id, int Score, bool SameDomain);

public sealed record ConflictResult(IReadOnlyList<ConflictMatch> Matches)
{
    public static readonly ConflictResult None = new([]);
    public ConflictMatch? SameOrganisation => Matches.FirstOrDefault(m => m.Kind == ConflictKind.SameOrganisation);
    public IEnumerable<ConflictMatch> Others => Matches.Where(m => m.Kind != ConflictKind.SameOrganisation);
    public bool HasConflict => Others.Any();
}

/// <summary>
/// The only code that knows what a conflict is. Two accounts are the same when their normalised names
/// (<see cref="CompanyNames.Normalize"/>) are at least Program:DealRegistration:NameSimilarityPercent similar, or
/// their domains are equal. Candidates come from <see cref="ConflictIndex"/>, so only a few names are fuzzy-scored.
/// </summary>
public sealed class ConflictChecker(PartnerBotDb db, ConflictIndex index, IOptions<ProgramOptions> options, TimeProvider clock)
{
    public async Task<ConflictResult> CheckAsync(string organisationId, string companyName, string? domain, CancellationToken ct)
    {
        await index.CatchUpAsync(db, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return index.Check(organisationId, CompanyNames.Normalize(companyName), domain, today,
            options.Value.DealRegistration.NameSimilarityPercent);
    }

    /// <summary>The similarity of two normalised names, 0–100. Public so the rule is tested where it lives.</summary>
    public static int Similarity(string normalizedA, string normalizedB) =>
        normalizedA.Length == 0 || normalizedB.Length == 0 ? 0 : Fuzz.Ratio(normalizedA, normalizedB);

    /// <summary>Whether two names (as typed) count as the same account at this threshold.</summary>
    public static bool SameName(string a, string b, int thresholdPercent) =>
        Similarity(CompanyNames.Normalize(a), CompanyNames.Normalize(b)) >= thresholdPercent;
}

/// <summary>
/// An in-memory index of the active registrations and the direct-sales accounts: buckets by each name token's
/// first three characters (two for Chinese), plus a domain dictionary. Loaded from the database once and then
/// caught up from <see cref="DealRegistration.UpdatedAt"/> before every check, so it follows changes committed by
/// any turn, job or instance. The database stays the truth; the index only narrows what is fuzzy-scored.
/// </summary>
public sealed class ConflictIndex : IDisposable
{
    private sealed record Entry(string Id, string? OrganisationId, string Name, string? Domain, DateOnly? ProtectedUntil);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly List<Entry?> _slots = [];
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset? _dealsWatermark;
    private DateTimeOffset? _accountsWatermark;

    public void Dispose() => _catchUp.Dispose();

    public int Count
    {
        get { lock (_gate) return _slotById.Count; }
    }

    /// <summary>Reads what changed since the last call (everything, the first time).</summary>
    public async Task CatchUpAsync(PartnerBotDb db, CancellationToken ct)
    {
        await _catchUp.WaitAsync(ct);
        try
        {
            var deals = db.DealRegistrations.AsNoTracking();
            if (_dealsWatermark is { } w) deals = deals.Where(d => d.UpdatedAt >= w);
            else deals = deals.Where(d => d.Status == DealStatus.Approved || d.Status == DealStatus.InReview);
            var changed = await deals
                .Select(d => new { d.Id, d.PartnerOrganisationId, d.NormalizedName, d.Domain, d.ProtectedUntil, d.Status, d.UpdatedAt })
                .ToListAsync(ct);
            var accountQuery = db.DirectSalesAccounts.AsNoTracking();
            if (_accountsWatermark is { } aw) accountQuery = accountQuery.Where(a => a.UpdatedAt >= aw);
            var accounts = await accountQuery.Select(a => new { a.Id, a.NormalizedName, a.Domain, a.UpdatedAt }).ToListAsync(ct);

            lock (_gate)
            {
                foreach (var d in changed)
                {
                    if (d.Status is DealStatus.Approved or DealStatus.InReview)
                        Upsert(new Entry(d.Id, d.PartnerOrganisationId, d.NormalizedName, d.Domain, d.Status == DealStatus.Approved ? d.ProtectedUntil : null));
                    else Remove(d.Id);
                }
                foreach (var a in accounts) Upsert(new Entry(a.Id, null, a.NormalizedName, a.Domain, null));
            }
            // Rows saved at the same instant as the watermark are read again next time: harmless, upserts are idempotent.
            _dealsWatermark = changed.Count > 0 ? Max(_dealsWatermark, changed.Max(d => d.UpdatedAt)) : _dealsWatermark ?? DateTimeOffset.MinValue;
            _accountsWatermark = accounts.Count > 0 ? Max(_accountsWatermark, accounts.Max(a => a.UpdatedAt)) : _accountsWatermark ?? DateTimeOffset.MinValue;
        }
        finally
        {
            _catchUp.Release();
        }
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    /// <summary>Adds or replaces an active registration (organisation set) or a direct account (organisation null).</summary>
    public void Add(string id, string? organisationId, string normalizedName, string? domain, DateOnly? protectedUntil)
    {
        lock (_gate) Upsert(new Entry(id, organisationId, normalizedName, domain, protectedUntil));
    }

    public ConflictResult Check(string organisationId, string normalizedName, string? domain, DateOnly today, int thresholdPercent)
    {
        var matches = new List<ConflictMatch>();
        var seen = new HashSet<int>();
        var threshold = thresholdPercent / 100.0;
        lock (_gate)
        {
            if (domain is not null && _byDomain.TryGetValue(domain, out var sameDomain))
            {
                foreach (var slot in sameDomain)
                {
                    if (_slots[slot] is not { } e || !string.Equals(e.Domain, domain, StringComparison.OrdinalIgnoreCase) || !seen.Add(slot)) continue;
                    if (e.ProtectedUntil is { } until && until < today) continue;
                    matches.Add(Match(e, organisationId, ConflictChecker.Similarity(normalizedName, e.Name), sameDomain: true));
                }
            }
            foreach (var key in Keys(normalizedName))
            {
                if (!_byKey.TryGetValue(key, out var bucket)) continue;
                foreach (var slot in bucket)
                {
                    if (_slots[slot] is not { } e || !seen.Add(slot)) continue;
                    if (e.ProtectedUntil is { } until && until < today) continue;
                    // Ratio = 2·matches / (la + lb) ≤ 2·min / (la + lb): skip names whose lengths alone rule them out.
                    var la = normalizedName.Length;
                    var lb = e.Name.Length;
                    if (2.0 * Math.Min(la, lb) / (la + lb) < threshold) continue;
                    var score = ConflictChecker.Similarity(normalizedName, e.Name);
                    if (score >= thresholdPercent) matches.Add(Match(e, organisationId, score, sameDomain: false));
                }
            }
        }
        return matches.Count == 0 ? ConflictResult.None : new ConflictResult(matches);
    }

    private static ConflictMatch Match(Entry e, string organisationId, int score, bool sameDomain)
    {
        var kind = e.OrganisationId is null ? ConflictKind.DirectAccount
            : e.OrganisationId == organisationId ? ConflictKind.SameOrganisation
            : ConflictKind.OtherPartner;
        return new ConflictMatch(kind, e.Id, score, sameDomain);
    }

    /// <summary>Bucket keys of a normalised name: each token's first three characters (two for CJK scripts).</summary>
    public static IEnumerable<string> Keys(string normalizedName)
    {
        var tokens = normalizedName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var t in tokens.Distinct(StringComparer.Ordinal))
        {
            var n = t[0] >= 0x2E80 ? 2 : 3;
            if (t.Length == 1 && tokens.Length > 1) continue;
            yield return t.Length <= n ? t : t[..n];
        }
    }

    private void Upsert(Entry entry)
    {
        if (_slotById.TryGetValue(entry.Id, out var current) && _slots[current] == entry) return;
        Remove(entry.Id);
        var slot = _slots.Count;
        _slots.Add(entry);
        _slotById[entry.Id] = slot;
        foreach (var key in Keys(entry.Name)) Bucket(_byKey, key).Add(slot);
        if (entry.Domain is { } d) Bucket(_byDomain, d).Add(slot);
    }

    private void Remove(string id)
    {
        // Buckets keep the stale slot number; a null slot is skipped when read.
        if (_slotById.Remove(id, out var slot)) _slots[slot] = null;
    }

    private static List<int> Bucket(Dictionary<string, List<int>> map, string key)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }
}
