using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Mdf;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Digests.Sections;

public sealed record DigestPartner(string Id, string Name, DateOnly JoinedOn);

/// <summary>
/// A registration as the digest needs it; money already in the program's currency (null when it has no rate).
/// <see cref="PartnerSourcedRevenue"/> is what the deal adds to partner-sourced revenue, by <see cref="Deals.PartnerSourcedRevenue"/>.
/// </summary>
public sealed record DigestDeal(string Id, string OrganisationId, string CompanyName, DealStatus Status, DateTimeOffset RegisteredAt,
    DateTimeOffset? ClosedAt, decimal? Amount, decimal? ContractValue, DealSource? Source, DateOnly? ProtectedUntil, decimal PartnerSourcedRevenue,
    string Currency);

public sealed record DigestPlan(string Id, string OrganisationId, string FundId, string Title, MdfPlanStatus Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? ClaimedAt);

/// <summary>A fund and what is left of it (<see cref="MdfBalance.Left"/>, summed in memory).</summary>
public sealed record DigestFund(string Id, string OrganisationId, DateOnly PeriodEnd, bool RolledIntoNext, decimal Left);

public sealed record DigestCertification(string OrganisationId, string CourseId, DateOnly CertifiedOn);

/// <summary>
/// The rows every section reads, loaded once: for one recipient (filtered to their partners in SQL) or for a whole
/// scheduler pass (every partner, shared by all recipients and cut to each one's scope in memory). Sections never query
/// per recipient, so 500 digests cost one load.
/// </summary>
public sealed class DigestData
{
    /// <summary>How far back the enablement rows go: the longest digest period (a month) and the one before it.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(62);

    public required IReadOnlyDictionary<string, DigestPartner> Partners { get; init; }
    public required ILookup<string, DigestDeal> Deals { get; init; }
    public required ILookup<string, DigestPlan> Plans { get; init; }
    public required ILookup<string, DigestFund> Funds { get; init; }
    /// <summary>Content opens since <see cref="History"/> ago: organisation and when.</summary>
    public required ILookup<string, DateTimeOffset> Opens { get; init; }
    public required ILookup<string, DigestCertification> Certifications { get; init; }

    /// <summary>Loads the rows of <paramref name="partnerIds"/>, or of every partner when null.</summary>
    public static async Task<DigestData> LoadAsync(PartnerBotDb db, ProgramOptions program, IReadOnlyList<string>? partnerIds,
        DateTimeOffset now, CancellationToken ct)
    {
        var all = partnerIds is null;
        var ids = partnerIds?.ToArray() ?? [];
        var partners = await db.PartnerOrganisations.AsNoTracking().Where(o => all || ids.Contains(o.Id))
            .Select(o => new DigestPartner(o.Id, o.Name, o.JoinedOn)).ToListAsync(ct);

        var deals = (await db.DealRegistrations.AsNoTracking().Where(d => all || ids.Contains(d.PartnerOrganisationId))
                .Select(d => new
                {
                    d.Id, d.PartnerOrganisationId, d.CompanyName, d.Status, d.RegisteredAt, d.ClosedAt, d.Amount, d.ContractValue,
                    d.Currency, d.Source, d.ProtectedUntil,
                }).ToListAsync(ct))
            .Select(d => new DigestDeal(d.Id, d.PartnerOrganisationId, d.CompanyName, d.Status, d.RegisteredAt, d.ClosedAt,
                d.Amount is { } a ? Money.ToProgramCurrency(a, d.Currency, program) : null,
                d.ContractValue is { } v ? Money.ToProgramCurrency(v, d.Currency, program) : null, d.Source, d.ProtectedUntil,
                PartnerSourcedRevenue.Of(d.Status, d.Source, d.ContractValue, d.Currency, program), d.Currency));

        var mdfPlans = await db.MdfPlans.AsNoTracking().Where(p => all || ids.Contains(p.OrganisationId)).ToListAsync(ct);
        var plans = mdfPlans.Select(p => new DigestPlan(p.Id, p.OrganisationId, p.FundId, p.Title, p.Status, p.SubmittedAt, p.ClaimedAt));
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var funds = await db.MdfFunds.AsNoTracking().Where(f => all || ids.Contains(f.OrganisationId))
            .Where(f => f.PeriodEnd > today).ToListAsync(ct);
        var plansByFund = mdfPlans.ToLookup(p => p.FundId);
        var digestFunds = funds.Select(f => new DigestFund(f.Id, f.OrganisationId, f.PeriodEnd, f.RolledIntoNext,
            MdfBalance.Of(f, plansByFund[f.Id]).Left));

        var since = now - History;
        var opens = await db.ContentOpens.AsNoTracking()
            .Where(o => o.OpenedAt >= since && o.OrganisationId != null && (all || ids.Contains(o.OrganisationId)))
            .Select(o => new { OrganisationId = o.OrganisationId!, o.OpenedAt }).ToListAsync(ct);
        var sinceDay = DateOnly.FromDateTime(since.UtcDateTime);
        var certs = await db.Certifications.AsNoTracking()
            .Where(c => c.CertifiedOn >= sinceDay && (all || ids.Contains(c.OrganisationId)))
            .Select(c => new DigestCertification(c.OrganisationId, c.CourseId, c.CertifiedOn)).ToListAsync(ct);

        return new DigestData
        {
            Partners = partners.ToDictionary(p => p.Id),
            Deals = deals.ToLookup(d => d.OrganisationId),
            Plans = plans.ToLookup(p => p.OrganisationId),
            Funds = digestFunds.ToLookup(f => f.OrganisationId),
            Opens = opens.ToLookup(o => o.OrganisationId, o => o.OpenedAt),
            Certifications = certs.ToLookup(c => c.OrganisationId),
        };
    }
}

/// <summary>One scheduler pass's (or one benchmark's) <see cref="DigestData"/> for every partner, loaded on first use.</summary>
public sealed class DigestDataCache
{
    private DigestData? _data;
    public DigestData? Data => _data;
    /// <summary>Sections' results by section and scope (see <see cref="DigestContext.Memo"/>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, object> Memos { get; } = new();

    public async Task<DigestData> GetAsync(PartnerBotDb db, ProgramOptions program, DateTimeOffset now, CancellationToken ct) =>
        _data ??= await DigestData.LoadAsync(db, program, null, now, ct);
}
