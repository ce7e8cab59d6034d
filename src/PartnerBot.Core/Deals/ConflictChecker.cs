using FuzzySharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;
using PartnerBot.Text;

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
        using var measured = Observability.Telemetry.ConflictCheck();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await index.CatchUpAsync(db, today, options.Value.DealRegistration.WonAccountProtectionDays, ct);
        var normalized = CompanyNames.Normalize(companyName);
        var found = index.Check(organisationId, normalized, domain, today, options.Value.DealRegistration.NameSimilarityPercent);
        return await WithClaimsAsync(found, organisationId, normalized, domain, today, ct);
    }

    /// <summary>
    /// Adds the live <see cref="AccountClaim"/>s on this exact name or domain that the index did not report. They agree
    /// but for a rule changed since a claim was taken (a shorter won-account protection): the claim, which a new
    /// registration could not take anyway, then counts as the conflict it is.
    /// </summary>
    private async Task<ConflictResult> WithClaimsAsync(ConflictResult found, string organisationId, string normalized, string? domain,
        DateOnly today, CancellationToken ct)
    {
        var nameKey = AccountClaim.NameKey(normalized);
        var domainKey = domain is null ? nameKey : AccountClaim.DomainKey(domain);
        var held = await db.AccountClaims.AsNoTracking()
            .Where(c => (c.Key == nameKey || c.Key == domainKey) && c.Until >= today)
            .Join(db.DealRegistrations, c => c.DealRegistrationId, d => d.Id, (c, d) => new { c.Key, d.Id, d.PartnerOrganisationId, d.Status })
            .ToListAsync(ct);
        var extra = held.Where(h => found.Matches.All(m => m.Id != h.Id)
                                    && !(h.Status == DealStatus.ClosedWon && h.PartnerOrganisationId == organisationId))
            .Select(h => new ConflictMatch(h.PartnerOrganisationId == organisationId ? ConflictKind.SameOrganisation : ConflictKind.OtherPartner,
                h.Id, 100, SameDomain: h.Key != nameKey))
            .DistinctBy(m => m.Id).ToList();
        return extra.Count == 0 ? found : new ConflictResult([.. found.Matches, .. extra]);
    }

    /// <summary>The similarity of two normalised names, 0–100. Public so the rule is tested where it lives.</summary>
    public static int Similarity(string normalizedA, string normalizedB) =>
        normalizedA.Length == 0 || normalizedB.Length == 0 ? 0 : Fuzz.Ratio(normalizedA, normalizedB);

    /// <summary>Whether two names (as typed) count as the same account at this threshold.</summary>
    public static bool SameName(string a, string b, int thresholdPercent) =>
        Similarity(CompanyNames.Normalize(a), CompanyNames.Normalize(b)) >= thresholdPercent;
}

/// <summary>
/// An in-memory index of the active registrations and the direct-sales accounts: a trigram index of the normalised
/// names (padded with a space each side) plus a domain dictionary. Loaded from the database once and then caught up
/// from <see cref="DealRegistration.Version"/> (a <see cref="ChangeCounter"/> number, handed out in commit order) before
/// every check, so it follows changes committed by any turn, job or instance, in whatever order their saves began.
/// The database stays the truth; the index only narrows what is fuzzy-scored, and <see cref="AccountClaim"/>s decide
/// races between registrations saved at the same moment.
/// <para>
/// The filter is complete, not a guess: two names whose Fuzz.Ratio reaches the threshold are within an edit distance
/// k ≤ (1 − t)(la + lb), and strings within edit distance k share at least max(la, lb) − 3k padded trigrams
/// (the q-gram lemma). Only names with that many shared trigrams, a possible length and enough shared characters are
/// scored with FuzzySharp. (For thresholds under ~84% the bound gives nothing and every name is scored.)
/// </para>
/// </summary>
public sealed class ConflictIndex : IDisposable
{
    // Won: a closed-won deal, protected for the winner (ProtectedUntil is the end of that protection).
    private sealed record Entry(string Id, string? OrganisationId, string Name, string? Domain, DateOnly? ProtectedUntil, bool Won);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _catchUp = new(1, 1);
    private readonly List<Entry?> _slots = [];
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<int>> _postings = [];
    private readonly Dictionary<string, List<int>> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    // Shared-trigram counters per slot; only used under the lock, and reset after every check.
    private int[] _counts = new int[1024];
    // Name length per slot (−1 once removed): the first filters read only these two arrays.
    private int[] _lengths = new int[1024];
    // Posting lists longer than this are skipped when the bound allows (see Check).
    private const int CommonPosting = 4096;
    // Blocking keys per name token (first and last four characters), used above ExhaustiveUpTo names.
    private readonly Dictionary<string, List<int>> _byBlock = new(StringComparer.Ordinal);
    private const int CommonBlock = 2048;

    /// <summary>
    /// Up to this many indexed names the check is exhaustive (the trigram bound loses no match). Above it, candidates
    /// come from blocking on name tokens: a match must share a token's first or last four characters (one typo per
    /// token is found; a typo in both ends of every distinctive token is not). Chosen so a check stays under 10 ms.
    /// </summary>
    public int ExhaustiveUpTo { get; init; } = 100_000;
    private readonly List<int> _touched = [];
    // The ChangeCounter number read up to (−1 before the first load). Numbers are handed out in commit order, so a
    // row saved after a read always carries a higher number than any the read saw, however late its save started.
    private long _dealsVersion = -1;
    private long _accountsVersion = -1;
    private DateTimeOffset? _accountsCheckedAt;

    private sealed record Changed(string Id, string PartnerOrganisationId, string NormalizedName, string? Domain, DateOnly? ProtectedUntil,
        DealStatus Status, DateTimeOffset? ClosedAt, long Version);
    private sealed record AccountChange(string Id, string NormalizedName, string? Domain, long Version);

    // Runs before every check: compiled once, an indexed range read of what changed since the last one.
    private static readonly Func<PartnerBotDb, long, IAsyncEnumerable<Changed>> ChangedSince = EF.CompileAsyncQuery(
        (PartnerBotDb db, long since) => db.DealRegistrations.AsNoTracking().Where(d => d.Version > since)
            .Select(d => new Changed(d.Id, d.PartnerOrganisationId, d.NormalizedName, d.Domain, d.ProtectedUntil, d.Status, d.ClosedAt, d.Version)));

    public void Dispose() => _catchUp.Dispose();

    /// <summary>How many names the last check looked at after the trigram filter (for the benchmark's report).</summary>
    public int LastCandidates { get; private set; }

    public int Count
    {
        get { lock (_gate) return _slotById.Count; }
    }

    /// <summary>Whether a registration or direct account is in the index (as a possible conflict).</summary>
    public bool Contains(string id)
    {
        lock (_gate) return _slotById.ContainsKey(id);
    }

    /// <summary>
    /// Reads what changed since the last call (everything active, the first time). A won deal stays in the index for
    /// <paramref name="wonProtectionDays"/> after its close, as a conflict for every other partner.
    /// </summary>
    public async Task CatchUpAsync(PartnerBotDb db, DateOnly today, int wonProtectionDays, CancellationToken ct)
    {
        await _catchUp.WaitAsync(ct);
        try
        {
            var changed = new List<Changed>();
            var first = _dealsVersion < 0;
            long top = 0;
            if (!first)
                await foreach (var d in ChangedSince(db, _dealsVersion).WithCancellation(ct)) changed.Add(d);
            else
            {
                // The counter first: whatever commits after this read has a higher number and is read next time.
                top = await db.ChangeCounters.AsNoTracking().Where(c => c.Name == ChangeCounter.Deals).Select(c => c.Value).FirstOrDefaultAsync(ct);
                var wonSince = new DateTimeOffset(today.AddDays(-wonProtectionDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                changed = await db.DealRegistrations.AsNoTracking()
                    .Where(d => d.Status == DealStatus.Approved || d.Status == DealStatus.InReview
                                || d.Status == DealStatus.ClosedWon && d.ClosedAt >= wonSince)
                    .Select(d => new Changed(d.Id, d.PartnerOrganisationId, d.NormalizedName, d.Domain, d.ProtectedUntil, d.Status, d.ClosedAt, d.Version))
                    .ToListAsync(ct);
            }
            // Direct accounts change only when program data is loaded: look for changes once a minute at most.
            var accounts = new List<AccountChange>();
            var now = DateTimeOffset.UtcNow;
            if (_accountsCheckedAt is null || now - _accountsCheckedAt > TimeSpan.FromMinutes(1))
            {
                var since = _accountsVersion;
                accounts = await db.DirectSalesAccounts.AsNoTracking().Where(a => since < 0 || a.Version > since)
                    .Select(a => new AccountChange(a.Id, a.NormalizedName, a.Domain, a.Version)).ToListAsync(ct);
                _accountsCheckedAt = now;
                _accountsVersion = Math.Max(Math.Max(since, first ? top : 0), accounts.Count > 0 ? accounts.Max(a => a.Version) : 0);
            }

            lock (_gate)
            {
                foreach (var d in changed)
                {
                    if (Indexed(d, wonProtectionDays) is { } entry) Upsert(entry);
                    else Remove(d.Id);
                }
                foreach (var a in accounts) Upsert(new Entry(a.Id, null, a.NormalizedName, a.Domain, null, Won: false));
            }
            _dealsVersion = Math.Max(Math.Max(_dealsVersion, top), changed.Count > 0 ? changed.Max(d => d.Version) : 0);
        }
        finally
        {
            _catchUp.Release();
        }
    }

    /// <summary>What a registration in this state is in the index as, or null when it conflicts with nothing.</summary>
    private static Entry? Indexed(Changed d, int wonProtectionDays) => d.Status switch
    {
        DealStatus.Approved => new Entry(d.Id, d.PartnerOrganisationId, d.NormalizedName, d.Domain, d.ProtectedUntil, Won: false),
        DealStatus.InReview => new Entry(d.Id, d.PartnerOrganisationId, d.NormalizedName, d.Domain, null, Won: false),
        DealStatus.ClosedWon when wonProtectionDays > 0 && d.ClosedAt is { } closed =>
            new Entry(d.Id, d.PartnerOrganisationId, d.NormalizedName, d.Domain, DateOnly.FromDateTime(closed.UtcDateTime).AddDays(wonProtectionDays), Won: true),
        _ => null,
    };

    /// <summary>Adds or replaces an active registration (organisation set) or a direct account (organisation null).</summary>
    public void Add(string id, string? organisationId, string normalizedName, string? domain, DateOnly? protectedUntil)
    {
        lock (_gate) Upsert(new Entry(id, organisationId, normalizedName, domain, protectedUntil, Won: false));
    }

    public ConflictResult Check(string organisationId, string normalizedName, string? domain, DateOnly today, int thresholdPercent)
    {
        var matches = new List<ConflictMatch>();
        // Fuzz.Ratio rounds 100·2·M/(la+lb) to an integer, so anything from threshold − 0.5 may still reach it.
        var floor = (thresholdPercent - 0.5) / 100.0;
        Span<byte> histogram = stackalloc byte[HistogramSize];
        Histogram(normalizedName, histogram);
        Span<byte> scratch = stackalloc byte[HistogramSize];
        var queryGrams = Trigrams(normalizedName).ToArray();
        var grams = new Dictionary<long, int>();
        foreach (var g in queryGrams) grams[g] = grams.GetValueOrDefault(g) + 1;
        var la = normalizedName.Length;
        var requiredMin = MinimumSharedTrigrams(la, floor);
        lock (_gate)
        {
            HashSet<int>? byDomain = null;
            if (domain is not null && _byDomain.TryGetValue(domain, out var sameDomain))
            {
                byDomain = [];
                foreach (var slot in sameDomain)
                {
                    if (_slots[slot] is not { } e || !string.Equals(e.Domain, domain, StringComparison.OrdinalIgnoreCase) || !byDomain.Add(slot)) continue;
                    if (e.ProtectedUntil is { } until && until < today) continue;
                    if (Match(e, organisationId, ConflictChecker.Similarity(normalizedName, e.Name), sameDomain: true) is { } m) matches.Add(m);
                }
            }

            // Count shared trigrams through the posting lists. Only very common trigrams (a word like "systems") are
            // skipped, and only while the skipped ones could not make up the minimum a match needs; whatever was skipped
            // is added back as "rest", so the count stays an upper bound and no match is lost.
            var rest = 0;
            var blocking = _slotById.Count > ExhaustiveUpTo;
            var scanAll = requiredMin <= 0 && !blocking;
            if (blocking)
            {
                var buckets = normalizedName.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(BlockKeys).Distinct(StringComparer.Ordinal)
                    .Select(k => _byBlock.GetValueOrDefault(k)).OfType<List<int>>().OrderBy(b => b.Count).ToList();
                for (var i = 0; i < buckets.Count; i++)
                {
                    // Very common words ("systems") only lead when nothing rarer is there.
                    if (i > 0 && buckets[i].Count > CommonBlock) break;
                    foreach (var slot in buckets[i])
                        if (_counts[slot]++ == 0) _touched.Add(slot);
                }
                rest = int.MaxValue / 2; // counts here are not trigram counts: verify exactly below
            }
            else if (!scanAll)
            {
                foreach (var (gram, occurrences) in grams.OrderByDescending(g => _postings.TryGetValue(g.Key, out var l) ? l.Count : 0))
                {
                    if (!_postings.TryGetValue(gram, out var posting)) continue;
                    if (posting.Count > CommonPosting && rest + occurrences < requiredMin)
                    {
                        rest += occurrences;
                        continue;
                    }
                    foreach (var slot in posting)
                        if (_counts[slot]++ == 0) _touched.Add(slot);
                }
            }
            try
            {
                foreach (var slot in scanAll ? Enumerable.Range(0, _slots.Count) : _touched)
                {
                    var shared = blocking ? int.MaxValue : _counts[slot] + rest;
                    var lb = _lengths[slot];
                    if (lb < 0) continue; // removed
                    // Ratio = 2·M/(la+lb) with M ≤ min(la, lb): lengths alone rule most names out.
                    if (2.0 * Math.Min(la, lb) < floor * (la + lb)) continue;
                    var needed = Math.Max(la, lb) - 3 * MaxEdits(la, lb, floor);
                    if (!scanAll && shared < needed) continue;
                    if (_slots[slot] is not { } e || byDomain?.Contains(slot) == true) continue;
                    histogram.CopyTo(scratch);
                    if (2.0 * SharedCharacters(scratch, e.Name) < floor * (la + lb)) continue;
                    if ((blocking || !scanAll && rest > 0) && SharedTrigrams(queryGrams, e.Name) < needed) continue;
                    if (e.ProtectedUntil is { } until && until < today) continue;
                    var score = ConflictChecker.Similarity(normalizedName, e.Name);
                    if (score >= thresholdPercent && Match(e, organisationId, score, sameDomain: false) is { } m) matches.Add(m);
                }
            }
            finally
            {
                LastCandidates = scanAll ? _slots.Count : _touched.Count;
                foreach (var slot in _touched) _counts[slot] = 0;
                _touched.Clear();
            }
        }
        return matches.Count == 0 ? ConflictResult.None : new ConflictResult(matches);
    }

    // The exact multiset intersection of the query's trigrams with a name's, without allocating.
    private static int SharedTrigrams(ReadOnlySpan<long> queryGrams, string name)
    {
        Span<bool> used = queryGrams.Length <= 256 ? stackalloc bool[queryGrams.Length] : new bool[queryGrams.Length];
        var shared = 0;
        for (var i = 0; i < name.Length; i++)
        {
            // Trigram i of " name ": characters i-1, i, i+1 with a space outside the name.
            var a = i == 0 ? ' ' : name[i - 1];
            var c = i + 1 < name.Length ? name[i + 1] : ' ';
            var g = ((long)a << 32) | ((long)name[i] << 16) | c;
            for (var j = 0; j < queryGrams.Length; j++)
            {
                if (used[j] || queryGrams[j] != g) continue;
                used[j] = true;
                shared++;
                break;
            }
        }
        return shared;
    }

    // Ratio ≥ floor means an edit distance of at most (1 − floor)(la + lb).
    private static int MaxEdits(int la, int lb, double floor) => (int)Math.Floor((1 - floor) * (la + lb));

    /// <summary>The fewest padded trigrams any name that can reach the threshold shares with a query of length la.</summary>
    private static int MinimumSharedTrigrams(int la, double floor)
    {
        var min = int.MaxValue;
        var lbMin = (int)Math.Ceiling(la * floor / (2 - floor));
        var lbMax = (int)Math.Floor(la * (2 - floor) / floor);
        for (var lb = Math.Max(1, lbMin); lb <= lbMax; lb++)
            min = Math.Min(min, Math.Max(la, lb) - 3 * MaxEdits(la, lb, floor));
        return min == int.MaxValue ? 0 : min;
    }

    /// <summary>The trigrams of " name " (padded), each packed into a long, with repeats.</summary>
    public static IEnumerable<long> Trigrams(string normalizedName)
    {
        var padded = " " + normalizedName + " ";
        for (var i = 0; i + 3 <= padded.Length; i++)
            yield return ((long)padded[i] << 32) | ((long)padded[i + 1] << 16) | padded[i + 2];
    }

    private const int HistogramSize = 64;

    private static void Histogram(string s, Span<byte> counts)
    {
        counts.Clear();
        foreach (var c in s)
        {
            ref var n = ref counts[c & (HistogramSize - 1)];
            if (n < byte.MaxValue) n++;
        }
    }

    // An upper bound of the characters two names share (hashed buckets can only overcount).
    private static int SharedCharacters(Span<byte> remaining, string other)
    {
        var shared = 0;
        foreach (var c in other)
        {
            ref var n = ref remaining[c & (HistogramSize - 1)];
            if (n == 0) continue;
            n--;
            shared++;
        }
        return shared;
    }

    // A customer the asker's own organisation won is theirs: a new deal there conflicts with nothing.
    private static ConflictMatch? Match(Entry e, string organisationId, int score, bool sameDomain)
    {
        if (e.Won && e.OrganisationId == organisationId) return null;
        var kind = e.OrganisationId is null ? ConflictKind.DirectAccount
            : e.OrganisationId == organisationId ? ConflictKind.SameOrganisation
            : ConflictKind.OtherPartner;
        return new ConflictMatch(kind, e.Id, score, sameDomain);
    }

    private void Upsert(Entry entry)
    {
        if (_slotById.TryGetValue(entry.Id, out var current) && _slots[current] == entry) return;
        Remove(entry.Id);
        var slot = _slots.Count;
        _slots.Add(entry);
        _slotById[entry.Id] = slot;
        if (slot >= _counts.Length)
        {
            Array.Resize(ref _counts, Math.Max(_counts.Length * 2, slot + 1));
            Array.Resize(ref _lengths, _counts.Length);
        }
        _lengths[slot] = entry.Name.Length;
        // One posting per occurrence: a name's shared count is then at least the multiset intersection the lemma needs.
        foreach (var gram in Trigrams(entry.Name)) Bucket(_postings, gram).Add(slot);
        foreach (var key in entry.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(BlockKeys).Distinct(StringComparer.Ordinal))
            Bucket(_byBlock, key).Add(slot);
        if (entry.Domain is { } d) Bucket(_byDomain, d).Add(slot);
    }

    /// <summary>A token's blocking keys: its first and last four characters (two for Chinese), or the token if short.</summary>
    public static IEnumerable<string> BlockKeys(string token)
    {
        var n = Scripts.IsUnspaced(token[0]) ? 2 : 4;
        if (token.Length <= n)
        {
            yield return "=" + token;
            yield break;
        }
        yield return "<" + token[..n];
        yield return ">" + token[^n..];
    }

    private void Remove(string id)
    {
        // Postings keep the stale slot number; a null slot is skipped when read.
        if (!_slotById.Remove(id, out var slot)) return;
        _slots[slot] = null;
        _lengths[slot] = -1;
    }

    private static List<int> Bucket<TKey>(Dictionary<TKey, List<int>> map, TKey key) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        return list;
    }
}
