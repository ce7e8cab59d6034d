using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

public sealed record DigestPartner(string Id, string Name, DateOnly JoinedOn);

/// <summary>
/// Whose rows to load: every partner (<see cref="PartnerIds"/> null, a scheduler pass) or these partners (one recipient).
/// </summary>
public sealed record DigestLoad(PartnerBotDb Db, ProgramOptions Program, IReadOnlyList<string>? PartnerIds, DateTimeOffset Now)
{
    public bool AllPartners => PartnerIds is null;
    /// <summary>The partner ids as an array, for a query's <c>AllPartners || Ids.Contains(…)</c>; empty for every partner.</summary>
    public string[] Ids { get; } = PartnerIds?.ToArray() ?? [];
}

/// <summary>
/// The rows one capability's digest parts read (the deals, the MDF plans and funds, the content opens), loaded by that
/// capability the first time one of its parts asks (<see cref="DigestContext.RowsAsync{TRows}"/>), then shared by
/// its other parts and, within a scheduler pass, by every recipient.
/// </summary>
public interface IDigestRows<TSelf> where TSelf : class, IDigestRows<TSelf>
{
    static abstract Task<TSelf> LoadAsync(DigestLoad load, CancellationToken ct);
}

/// <summary>
/// The rows a digest reads, loaded once: for one recipient (filtered to their partners in SQL) or for a whole scheduler
/// pass (every partner, shared by all recipients and cut to each one's scope in memory). Sections never query per
/// recipient, so 500 digests cost one load of each capability's rows.
/// </summary>
public sealed class DigestData
{
    private readonly ConcurrentDictionary<Type, Task<object>> _rows = new();
    private readonly ProgramOptions _program;
    private readonly IReadOnlyList<string>? _partnerIds;
    private readonly DateTimeOffset _now;

    private DigestData(IReadOnlyDictionary<string, DigestPartner> partners, ProgramOptions program, IReadOnlyList<string>? partnerIds,
        DateTimeOffset now) => (Partners, _program, _partnerIds, _now) = (partners, program, partnerIds, now);

    public IReadOnlyDictionary<string, DigestPartner> Partners { get; }

    /// <summary>Loads the partners of <paramref name="partnerIds"/>, or every partner when null; each capability's rows follow on first use.</summary>
    public static async Task<DigestData> LoadAsync(PartnerBotDb db, ProgramOptions program, IReadOnlyList<string>? partnerIds,
        DateTimeOffset now, CancellationToken ct)
    {
        var all = partnerIds is null;
        var ids = partnerIds?.ToArray() ?? [];
        var partners = await db.PartnerOrganisations.AsNoTracking().Where(o => all || ids.Contains(o.Id))
            .Select(o => new DigestPartner(o.Id, o.Name, o.JoinedOn)).ToListAsync(ct);
        return new DigestData(partners.ToDictionary(p => p.Id), program, partnerIds, now);
    }

    /// <summary>
    /// A capability's rows, loaded through <paramref name="db"/> (the asking turn's) the first time anyone asks. Sections
    /// are built one after another, so one load at a time uses a context.
    /// </summary>
    public async Task<TRows> RowsAsync<TRows>(PartnerBotDb db, CancellationToken ct) where TRows : class, IDigestRows<TRows> =>
        (TRows)await _rows.GetOrAdd(typeof(TRows), async _ => await TRows.LoadAsync(new DigestLoad(db, _program, _partnerIds, _now), ct));
}

/// <summary>One scheduler pass's (or one benchmark's) <see cref="DigestData"/> for every partner, loaded on first use.</summary>
public sealed class DigestDataCache
{
    private DigestData? _data;
    public DigestData? Data => _data;
    /// <summary>Sections' results by section and scope (see <see cref="DigestContext.Memo"/>).</summary>
    public ConcurrentDictionary<string, object> Memos { get; } = new();

    public async Task<DigestData> GetAsync(PartnerBotDb db, ProgramOptions program, DateTimeOffset now, CancellationToken ct) =>
        _data ??= await DigestData.LoadAsync(db, program, null, now, ct);
}
