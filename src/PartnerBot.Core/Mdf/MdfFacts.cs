using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Mdf;

/// <summary>
/// The assistant's "my MDF": the asker's own organisation's usable fund (what "mdf" shows: allocation, each state,
/// what is left, the basis), and its plans with their claims. The organisation is the actor's, never one named in the
/// question.
/// </summary>
public sealed class MdfFacts(MdfFunds funds, TimeProvider clock, IOptions<ProgramOptions> program) : IMdfFacts
{
    /// <summary>Most plans listed; the newest first.</summary>
    public const int MaxPlans = 10;

    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (actor.PartnerOrganisationId is not { } orgId) return PersonalFacts.NotAvailable("MDF");
        var org = await db.PartnerOrganisations.FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("MDF");
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var (fund, balance) = await funds.BalanceAsync(db, org, today, now, ct);
        var en = LocaleFormat.For(Languages.English);
        var currency = program.Value.Currency;
        string M(decimal amount) => en.Money(amount, currency);

        var facts = new List<Fact>
        {
            new("Organisation", org.Name),
            new("Fund period", $"{en.Date(fund.PeriodStart)} to {en.Date(fund.PeriodEnd.AddDays(-1))} (use it or lose it)"),
            new("Days left to use the fund", en.Number(MdfRulesCheck.DaysLeft(fund, today))),
            new("Allocated", M(balance.Allocated)),
            new("Requested, waiting for the rep", M(balance.Requested)),
            new("Approved", M(balance.Approved)),
            new("Claimed", M(balance.Claimed)),
            new("Reimbursed", M(balance.Reimbursed)),
            new("Left to plan with", M(balance.Left)),
            new("How the allocation was set", fund.Source == MdfFundSource.Manager
                ? "set by the channel manager"
                : $"{en.Percent(fund.Percent)} ({org.Tier} tier) of {M(fund.BasisRevenue)} partner-sourced revenue the period before"
                  + (fund.BasisIsEstimate ? ", an estimate from the imported annual revenue" : "")),
        };
        if (fund.RolledOverAmount > 0) facts.Add(new("Rolled over from the period before", M(fund.RolledOverAmount)));

        var plans = await db.MdfPlans.AsNoTracking().Where(p => p.OrganisationId == orgId)
            .OrderByDescending(p => p.SubmittedAt).Take(MaxPlans).ToListAsync(ct);
        foreach (var p in plans)
        {
            var parts = new List<string> { p.Status.ToString(), $"{en.Date(p.StartDate)} to {en.Date(p.EndDate)}", $"requested {M(p.RequestedAmount)}" };
            if (p.ApprovedAmount is { } approved) parts.Add($"approved {M(approved)}");
            if (p.Status == MdfPlanStatus.Approved) parts.Add($"claim by {en.Date(MdfRulesCheck.ClaimDeadline(p, program.Value.Mdf))}");
            if (p.ClaimedAmount is { } claimed) parts.Add($"claimed {M(claimed)}");
            if (p.ReimbursedAmount is { } reimbursed) parts.Add($"reimbursed {M(reimbursed)}");
            facts.Add(new($"Plan \"{p.Title}\"", string.Join(", ", parts)));
        }
        if (plans.Count == 0) facts.Add(new("Plans", "none yet"));
        return new PersonalFacts("MDF", true, facts);
    }
}
