using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

/// <summary>
/// Whose program a digest covers and over which period: a manager's covers every partner, a rep's the partners they
/// own. <see cref="Previous"/> is the period before, for "change vs the previous one".
/// </summary>
public sealed record DigestScope(
    Actor Recipient,
    bool AllPartners,
    IReadOnlyList<string> PartnerIds,
    DateTimeOffset Now,
    DateTimeOffset PeriodStart,
    DateTimeOffset PreviousStart)
{
    public bool Covers(string partnerId) => AllPartners || PartnerIds.Contains(partnerId);
}

/// <summary>What a section needs: the database, the scope, the recipient's language, the rows, and the list limit.</summary>
public sealed class DigestContext(PartnerBotDb db, DigestScope scope, Localizer localizer, ProgramOptions program, DigestData data,
    DigestDataCache? shared = null)
{
    /// <summary>Longest list a section shows; the rest is cut with "and N more".</summary>
    public const int MaxListItems = 5;

    public PartnerBotDb Db { get; } = db;
    public DigestScope Scope { get; } = scope;
    public string Language => Scope.Recipient.Language;
    public string T(string key, params object?[] args) => localizer.Get(Language, key, args);
    public ProgramOptions Program { get; } = program;
    /// <summary>Every row the sections read; may hold more partners than the scope (a scheduler pass shares one load).</summary>
    public DigestData Data { get; } = data;

    /// <summary>The partners in scope, in no particular order (sections sort what they show).</summary>
    public IReadOnlyList<DigestPartner> Partners => _partners ??=
        (Scope.AllPartners ? Data.Partners.Values : Scope.PartnerIds.Select(id => Data.Partners.GetValueOrDefault(id)).OfType<DigestPartner>())
        .ToList();
    private List<DigestPartner>? _partners;

    /// <summary>
    /// What <paramref name="make"/> returns for this scope, made once per pass: recipients with the same partners, period,
    /// language and time zone (every manager, usually) share it. Without a shared cache, made every time.
    /// </summary>
    public TResult Memo<TResult>(string name, Func<TResult> make) where TResult : class =>
        shared is null ? make() : (TResult)shared.Memos.GetOrAdd($"{name}|{ScopeKey}", _ => make());

    /// <summary>As <see cref="Memo{TResult}"/>, for a result that reads a capability's rows first.</summary>
    public Task<TResult> MemoAsync<TResult>(string name, Func<Task<TResult>> make) where TResult : class =>
        shared is null ? make() : (Task<TResult>)shared.Memos.GetOrAdd($"{name}|{ScopeKey}", _ => make());

    /// <summary>A capability's rows for this digest (see <see cref="IDigestRows{TSelf}"/>), loaded on first use.</summary>
    public Task<TRows> RowsAsync<TRows>(CancellationToken ct) where TRows : class, IDigestRows<TRows> => Data.RowsAsync<TRows>(Db, ct);

    private string ScopeKey => _scopeKey ??= string.Join('|', Language, Scope.Recipient.TimeZone.Id, Scope.Now.UtcTicks,
        Scope.PeriodStart.UtcTicks, Scope.PreviousStart.UtcTicks, Scope.AllPartners ? "*" : string.Join(',', Scope.PartnerIds.Order(StringComparer.Ordinal)));
    private string? _scopeKey;

    /// <summary>The recipient's today, in their own time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Scope.Now, Scope.Recipient.TimeZone).DateTime);
    public DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Scope.Recipient.TimeZone).DateTime);

    /// <summary>How the recipient's money, dates and numbers are written.</summary>
    public LocaleFormat Format => LocaleFormat.For(Language);
    /// <summary>Money in the program's currency ("12,500.00 USD").</summary>
    public string Money(decimal amount) => Format.Money(amount, Program.Currency);
    /// <summary>A share as a whole percentage ("67%").</summary>
    public static int Percent(int part, int whole) => whole == 0 ? 0 : (int)Math.Round(100m * part / whole, MidpointRounding.AwayFromZero);
    public string Date(DateOnly d) => Format.Date(d);

    /// <summary>
    /// The first <see cref="MaxListItems"/> items, and a line saying how many more there are and which command (its
    /// name: the recipient reads its words in their language) shows them.
    /// </summary>
    public IReadOnlyList<Fact> Cut(IReadOnlyList<Fact> items, string seeAllCommand) =>
        items.Count <= MaxListItems
            ? items
            : [.. items.Take(MaxListItems), new Fact("…", T("digest.and-more", items.Count - MaxListItems, localizer.Say(Language, seeAllCommand)))];

    /// <summary>
    /// As <see cref="Cut(IReadOnlyList{Fact}, string)"/>, writing only the facts it shows: a manager's list may hold
    /// thousands of items, and each sentence costs a format.
    /// </summary>
    public IReadOnlyList<Fact> Cut<TItem>(IReadOnlyList<TItem> items, Func<TItem, Fact> fact, string seeAllCommand) =>
        items.Count <= MaxListItems
            ? items.Select(fact).ToList()
            : [.. items.Take(MaxListItems).Select(fact), new Fact("…", T("digest.and-more", items.Count - MaxListItems, localizer.Say(Language, seeAllCommand)))];
}

/// <summary>A titled part of a digest.</summary>
public sealed record DigestSection(string Title, IReadOnlyList<Block> Blocks);

/// <summary>
/// One capability's part of the digest (deals, revenue, tiers, enablement), registered by the capability that owns its
/// numbers; a section returns null when it has nothing to say for this scope.
/// </summary>
public interface IDigestSection
{
    int Order { get; }
    Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct);
}

/// <summary>
/// A section made only of the scope and one capability's rows: made once per identical scope in a pass (see
/// <see cref="DigestContext.Memo{TResult}"/>), so every manager alike costs one build.
/// </summary>
public abstract class RowsDigestSection<TRows> : IDigestSection where TRows : class, IDigestRows<TRows>
{
    public abstract int Order { get; }

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var rows = await ctx.RowsAsync<TRows>(ct);
        return ctx.Memo(GetType().Name, () => new Box(Build(ctx, rows))).Section;
    }

    /// <summary>The section, or null when it has nothing to say for this scope.</summary>
    protected abstract DigestSection? Build(DigestContext ctx, TRows rows);

    private sealed record Box(DigestSection? Section);
}
