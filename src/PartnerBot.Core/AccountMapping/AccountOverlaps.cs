using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.AccountMapping;

/// <summary>
/// One of a partner's shared accounts that the vendor also knows: the direct-sales accounts and the other partners'
/// live registrations (open, or won and still protected) the conflict check matches it to. The partner's own
/// registrations are its own knowledge and are no overlap.
/// </summary>
public sealed record AccountOverlap(PartnerAccount Account, IReadOnlyList<string> DirectAccountIds, IReadOnlyList<string> RegistrationIds)
{
    public bool VendorAccount => DirectAccountIds.Count > 0;
    public bool Registered => RegistrationIds.Count > 0;
}

/// <summary>
/// Computes the overlap of a partner's shared list with what the vendor knows, account by account through
/// <see cref="ConflictChecker.CheckAsync"/>: the same name normalisation, similarity threshold and domain match as a
/// registration's conflict, so there is one meaning of "the same company". Nothing here reads a list whole for anyone:
/// what a reader sees of it is only ever an <see cref="AccountOverlap"/> (<see cref="AccountOverlapView"/>).
/// </summary>
public sealed class AccountOverlaps(PartnerBotDb db, ConflictChecker checker)
{
    /// <summary>The organisation's overlapping accounts by name; <paramref name="notAlertedOnly"/> for those no alert has listed yet.</summary>
    public async Task<List<AccountOverlap>> ForAsync(string organisationId, bool notAlertedOnly, CancellationToken ct)
    {
        var accounts = await db.PartnerAccounts.AsNoTracking()
            .Where(a => a.PartnerOrganisationId == organisationId && (!notAlertedOnly || a.AlertedAt == null)).ToListAsync(ct);
        var overlaps = new List<AccountOverlap>();
        foreach (var account in accounts.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal))
            if (await MatchAsync(account, ct) is { } overlap) overlaps.Add(overlap);
        return overlaps;
    }

    /// <summary>How many accounts the organisation has shared.</summary>
    public Task<int> SharedCountAsync(string organisationId, CancellationToken ct) =>
        db.PartnerAccounts.CountAsync(a => a.PartnerOrganisationId == organisationId, ct);

    /// <summary>One shared account, if it overlaps now.</summary>
    public async Task<AccountOverlap?> OneAsync(string organisationId, string accountId, CancellationToken ct)
    {
        var account = await db.PartnerAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.PartnerOrganisationId == organisationId && a.Id == accountId, ct);
        return account is null ? null : await MatchAsync(account, ct);
    }

    // The conflict check's matches of the account that are not its own organisation's: the overlap, or null.
    private async Task<AccountOverlap?> MatchAsync(PartnerAccount account, CancellationToken ct)
    {
        var found = await checker.CheckAsync(account.PartnerOrganisationId, account.Name, account.Domain, ct);
        var direct = found.Others.Where(m => m.Kind == ConflictKind.DirectAccount).Select(m => m.Id).Distinct().ToList();
        var registrations = found.Others.Where(m => m.Kind == ConflictKind.OtherPartner).Select(m => m.Id).Distinct().ToList();
        return direct.Count + registrations.Count > 0 ? new AccountOverlap(account, direct, registrations) : null;
    }
}

/// <summary>
/// How a reader sees overlaps. A partner user sees its own account's name and only that the vendor knows it or that
/// another partner holds a registration — never the vendor's record, its owner, nor which partner. Vendor staff see the
/// vendor's side (the direct account's name, a registration they may see by its id) beside the partner's name for it.
/// </summary>
public static class AccountOverlapView
{
    public delegate string Translate(string key, params object?[] args);

    /// <summary>What the vendor side of each overlap is called for vendor staff <paramref name="viewer"/>.</summary>
    public static async Task<Dictionary<string, string>> VendorSideAsync(PartnerBotDb db, Actor viewer, IEnumerable<AccountOverlap> overlaps,
        Translate t, CancellationToken ct)
    {
        var list = overlaps.ToList();
        var directIds = list.SelectMany(o => o.DirectAccountIds).Distinct().ToList();
        var dealIds = list.SelectMany(o => o.RegistrationIds).Distinct().ToList();
        var direct = await db.DirectSalesAccounts.AsNoTracking().Where(a => directIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var deals = await db.DealRegistrations.AsNoTracking().VisibleTo(viewer).Where(d => dealIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.CompanyName, ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in directIds) names[id] = t("accounts.vendor.direct", direct.GetValueOrDefault(id) ?? id);
        foreach (var id in dealIds)
            names[id] = deals.TryGetValue(id, out var company) ? t("accounts.vendor.deal", company, id) : t("accounts.vendor.other-deal");
        return names;
    }

    /// <summary>One fact per overlap (up to <paramref name="max"/>), as the viewer may see it.</summary>
    public static List<Fact> Facts(IReadOnlyList<AccountOverlap> overlaps, bool partner, IReadOnlyDictionary<string, string>? vendorSide, Translate t, int max) =>
        overlaps.Take(max).Select(o => partner
            ? new Fact(o.Account.Name, string.Join(t("accounts.separator"),
                new[] { o.VendorAccount ? t("accounts.partner.vendor-knows") : null, o.Registered ? t("accounts.partner.registered") : null }.OfType<string>()))
            : new Fact(string.Join(t("accounts.separator"), o.DirectAccountIds.Concat(o.RegistrationIds).Select(id => vendorSide![id])),
                t("accounts.vendor.partner-has", o.Account.Name, t($"accounts.kind.{o.Account.Kind}")))).ToList();

    /// <summary>The overlaps as a list (up to Program:AccountMapping:MaxListed, the rest counted) and their co-sell buttons.</summary>
    public static IEnumerable<Block> ListBlocks(IReadOnlyList<AccountOverlap> overlaps, bool partner, IReadOnlyDictionary<string, string>? vendorSide,
        Translate t, AccountMappingRules rules)
    {
        yield return new FactsBlock(Facts(overlaps, partner, vendorSide, t, rules.MaxListed));
        if (overlaps.Count > rules.MaxListed) yield return new TextBlock(t("accounts.more", overlaps.Count - rules.MaxListed), TextStyle.Note);
        if (CoSellButtons(overlaps, t, rules.MaxCoSellButtons) is { } buttons) yield return buttons;
    }

    /// <summary>A co-sell button for each of the first overlaps.</summary>
    private static ActionsBlock? CoSellButtons(IReadOnlyList<AccountOverlap> overlaps, Translate t, int max)
    {
        if (max == 0 || overlaps.Count == 0) return null;
        return new ActionsBlock(overlaps.Take(max).Select(o => new ActionButton(t("accounts.cosell.button", o.Account.Name),
            new ActionRef(CoSellActions.Open, new Dictionary<string, string>
            {
                [CoSellActions.OrganisationField] = o.Account.PartnerOrganisationId, [CoSellActions.AccountField] = o.Account.Id,
            }))).ToList());
    }
}
