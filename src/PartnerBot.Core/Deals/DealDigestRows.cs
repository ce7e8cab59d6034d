using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Digests;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Deals;

/// <summary>
/// A registration as the digest needs it; money already in the program's currency (null when it has no rate).
/// <see cref="PartnerSourcedRevenue"/> is what the deal adds to partner-sourced revenue, by <see cref="Deals.PartnerSourcedRevenue"/>.
/// </summary>
public sealed record DigestDeal(string Id, string OrganisationId, string CompanyName, DealStatus Status, DateTimeOffset RegisteredAt,
    DateTimeOffset? ClosedAt, decimal? Amount, decimal? ContractValue, DealSource? Source, DateOnly? ProtectedUntil, decimal PartnerSourcedRevenue,
    string Currency, ExtensionStatus Extension = ExtensionStatus.None, DateTimeOffset? ExtensionRequestedAt = null, DateTimeOffset UpdatedAt = default);

/// <summary>Every registration of the digest's partners, by partner: what the deal, activation, trend and revenue parts read.</summary>
public sealed class DealDigestRows : IDigestRows<DealDigestRows>
{
    private readonly ILookup<string, DigestDeal> _byPartner;
    private DealDigestRows(ILookup<string, DigestDeal> byPartner) => _byPartner = byPartner;

    /// <summary>The partner's registrations (none: empty).</summary>
    public IEnumerable<DigestDeal> this[string partnerId] => _byPartner[partnerId];

    public static async Task<DealDigestRows> LoadAsync(DigestLoad load, CancellationToken ct)
    {
        var (all, ids, program) = (load.AllPartners, load.Ids, load.Program);
        var rows = await load.Db.DealRegistrations.AsNoTracking().Where(d => all || ids.Contains(d.PartnerOrganisationId))
            .Select(d => new
            {
                d.Id, d.PartnerOrganisationId, d.CompanyName, d.Status, d.RegisteredAt, d.ClosedAt, d.Amount, d.ContractValue,
                d.Currency, d.Source, d.ProtectedUntil, d.ExtensionStatus, d.ExtensionRequestedAt, d.UpdatedAt,
            }).ToListAsync(ct);
        return new(rows.Select(d => new DigestDeal(d.Id, d.PartnerOrganisationId, d.CompanyName, d.Status, d.RegisteredAt, d.ClosedAt,
                d.Amount is { } a ? Money.ToProgramCurrency(a, d.Currency, program) : null,
                d.ContractValue is { } v ? Money.ToProgramCurrency(v, d.Currency, program) : null, d.Source, d.ProtectedUntil,
                PartnerSourcedRevenue.Of(d.Status, d.Source, d.ContractValue, d.Currency, program), d.Currency,
                d.ExtensionStatus, d.ExtensionRequestedAt, d.UpdatedAt))
            .ToLookup(d => d.OrganisationId));
    }
}

public static class DealDigestNotes
{
    /// <summary>
    /// When a figure added deals in other currencies, the note that says it was converted and at which configured
    /// rates ("Amounts in EUR are converted to USD at the configured rates: 1 EUR = 1.08 USD."); null otherwise.
    /// </summary>
    public static TextBlock? ConvertedNote(this DigestContext ctx, IEnumerable<DigestDeal> deals)
    {
        var program = ctx.Program;
        var others = deals.Select(d => d.Currency).Where(c => c != program.Currency && program.DealRegistration.CurrencyRates.ContainsKey(c))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return others.Count == 0 ? null : new TextBlock(ctx.T("digest.converted", string.Join(", ", others), program.Currency,
            string.Join(", ", others.Select(c => ctx.Format.Rate(c, program.DealRegistration.CurrencyRates[c], program.Currency)))), TextStyle.Note);
    }
}

/// <summary>Registrations in review and extensions asked for (<see cref="DealRules.AwaitingDecision"/>), for "Decisions waiting".</summary>
public sealed class DealDecisions : IDigestDecisions
{
    public async Task<IEnumerable<WaitingDecision>> WaitingAsync(DigestContext ctx, CancellationToken ct)
    {
        var deals = await ctx.RowsAsync<DealDigestRows>(ct);
        var now = ctx.Scope.Now;
        return ctx.Partners.SelectMany(p => deals[p.Id]
            .Where(d => DealRules.AwaitsDecision(d.Status, d.Extension))
            .Select(d => new WaitingDecision(DealRules.ExtensionAwaits(d.Status, d.Extension) ? "digest.decisions.extension" : "digest.decisions.deal",
                d.CompanyName, d.Id, p.Name, now - DealRules.WaitingSince(d.Status, d.Extension, d.RegisteredAt, d.ExtensionRequestedAt, d.UpdatedAt))));
    }
}

/// <summary>Approved registrations whose protection ends within the window, for "Ending soon".</summary>
public sealed class ProtectionEndingSoon : IDigestEndingSoon
{
    public int Order => 10;

    public async Task<IReadOnlyList<Block>> EndingAsync(DigestContext ctx, DateOnly until, CancellationToken ct)
    {
        var deals = await ctx.RowsAsync<DealDigestRows>(ct);
        var today = ctx.Today;
        var ending = ctx.Partners.SelectMany(p => deals[p.Id]
                .Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil is { } u && u >= today && u <= until)
                .Select(d => (Partner: p, Deal: d)))
            .OrderBy(x => x.Deal.ProtectedUntil).ThenBy(x => x.Deal.CompanyName, StringComparer.Ordinal).ToList();
        if (ending.Count == 0) return [];
        return
        [
            new TextBlock(ctx.T("digest.ending.protection", ending.Count, EndingSoonDigestSection.WindowDays)),
            new FactsBlock(ctx.Cut(ending, x => new Fact($"{x.Deal.CompanyName} ({x.Partner.Name})",
                ctx.T("digest.ending.protection.until", ctx.Date(x.Deal.ProtectedUntil!.Value), x.Deal.ProtectedUntil!.Value.DayNumber - today.DayNumber)),
                "deal.queue")),
        ];
    }
}
