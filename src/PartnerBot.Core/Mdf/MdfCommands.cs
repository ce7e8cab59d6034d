using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Mdf;

/// <summary>"mdf": the balance. A partner sees their organisation's fund; a rep the organisations they own; a manager all.</summary>
public sealed class MdfCommand(IOptions<ProgramOptions> program, MdfFunds funds) : ICommand
{
    public CommandInfo Info { get; } = new("mdf", CommandInfo.Everyone)
    {
        HelpKey = "help.mdf",
        Order = 500,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var orgs = await MdfScope.OrganisationsAsync(ctx, ct);
        if (orgs.Count == 0)
        {
            ctx.Send(ctx.T(ctx.Actor.IsPartner ? "mdf.no-organisation" : "mdf.no-partners"), Visibility.Asker);
            return;
        }
        var today = MdfScope.Today(ctx);
        var currency = program.Value.Currency;
        var format = LocaleFormat.For(ctx.Language);
        var blocks = new List<Block>();
        foreach (var org in orgs)
        {
            var (fund, balance) = await funds.BalanceAsync(ctx.Db, org, today, ctx.Now, ct);
            var facts = new List<Fact>
            {
                new(ctx.T("mdf.period"), ctx.T("mdf.period.value", fund.PeriodStart, fund.PeriodEnd.AddDays(-1))),
                new(ctx.T("mdf.allocated"), format.Money(balance.Allocated, currency)),
                new(ctx.T("mdf.requested"), format.Money(balance.Requested, currency)),
                new(ctx.T("mdf.approved"), format.Money(balance.Approved, currency)),
                new(ctx.T("mdf.claimed"), format.Money(balance.Claimed, currency)),
                new(ctx.T("mdf.reimbursed"), format.Money(balance.Reimbursed, currency)),
                new(ctx.T("mdf.left"), format.Money(balance.Left, currency)),
                new(ctx.T("mdf.days-left"), format.Number(MdfRulesCheck.DaysLeft(fund, today))),
            };
            blocks.Add(new FactsBlock(facts) { Title = ctx.T("mdf.balance.title", org.Name) });
            var basis = fund.Source == MdfFundSource.Manager
                ? ctx.T("mdf.basis.manager")
                : ctx.T(fund.BasisIsEstimate ? "mdf.basis.estimate" : "mdf.basis.measured",
                    format.Number(fund.Percent), org.Tier, new Money(fund.BasisRevenue, currency));
            if (fund.RolledOverAmount > 0) basis += " " + ctx.T("mdf.basis.rolled", new Money(fund.RolledOverAmount, currency));
            blocks.Add(new TextBlock(basis, TextStyle.Note));
        }
        if (ctx.Actor.IsPartner)
            blocks.Add(new ActionsBlock([
                new ActionButton(ctx.T("mdf.button.plan"), ActionRef.Command(ctx.Say("mdf-plan"))) { Style = ButtonStyle.Primary },
                new ActionButton(ctx.T("mdf.button.claim"), ActionRef.Command(ctx.Say("mdf-claim"))),
            ]));
        // Balances are the organisation's own business: only the asker sees them.
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("mdf.balance.title", orgs[0].Name) });
    }
}

/// <summary>"mdf allocate &lt;organisation&gt; &lt;amount&gt;" (managers): sets the usable fund's amount.</summary>
public sealed class MdfAllocateCommand(IOptions<ProgramOptions> program, MdfFunds funds) : ICommand
{
    public CommandInfo Info { get; } = new("mdf-allocate", CommandInfo.Managers)
    {
        HelpKey = "help.mdf-allocate",
        Order = 530,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var parts = arguments.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !MdfRulesCheck.TryMoney(parts[^1], out var amount) || amount < 0 || amount > program.Value.Mdf.MaxAmount)
        {
            ctx.Send(ctx.T("mdf.allocate.usage", new Money(program.Value.Mdf.MaxAmount, program.Value.Currency)), Visibility.Asker);
            return;
        }
        var name = string.Join(' ', parts[..^1]);
        var orgs = await ctx.Db.PartnerOrganisations.ToListAsync(ct);
        var org = orgs.FirstOrDefault(o => string.Equals(o.Id, name, StringComparison.OrdinalIgnoreCase))
            ?? (orgs.Where(o => o.Name.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList() is [var only] ? only : null);
        if (org is null)
        {
            ctx.Send(ctx.T("mdf.allocate.unknown", name), Visibility.Asker);
            return;
        }
        var today = MdfScope.Today(ctx);
        var (fund, balance) = await funds.BalanceAsync(ctx.Db, org, today, ctx.Now, ct);
        var committed = balance.Allocated - balance.Left;
        var currency = program.Value.Currency;
        if (amount + fund.RolledOverAmount < committed)
        {
            ctx.Send(ctx.T("mdf.allocate.below-committed", new Money(committed, currency)), Visibility.Asker);
            return;
        }
        fund.Amount = amount;
        fund.AmountComputed = true;
        fund.Source = MdfFundSource.Manager;
        fund.SetById = ctx.Actor.PersonId;
        ctx.Send(ctx.T("mdf.allocate.done", org.Name, new Money(fund.Allocated, currency),
            fund.PeriodStart, fund.PeriodEnd.AddDays(-1)), Visibility.Asker);
    }
}

/// <summary>Who may see and act on which organisation's MDF, and how MDF messages reach people in their own language.</summary>
public static class MdfScope
{
    public static DateOnly Today(TurnContext ctx) => DateOnly.FromDateTime(ctx.Now.UtcDateTime);

    public static async Task<List<PartnerOrganisation>> OrganisationsAsync(TurnContext ctx, CancellationToken ct)
    {
        return (await ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).ToListAsync(ct)).OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
    }

    public static string T(Localizer localizer, Person recipient, string key, params object?[] args) =>
        localizer.Get(recipient.Preferences.Language, key, args);

    /// <summary>Facts of a plan, in the reader's language.</summary>
    public static FactsBlock PlanFacts(Localizer l, string language, MdfPlan plan, string orgName, string currency)
    {
        var format = LocaleFormat.For(language);
        var facts = new List<Fact>
        {
            new(l.Get(language, "mdf.plan.organisation"), orgName),
            new(l.Get(language, "mdf.plan.type"), ActivityName(l, language, plan.ActivityType)),
            new(l.Get(language, "mdf.plan.dates"), $"{format.Date(plan.StartDate)} – {format.Date(plan.EndDate)}"),
            new(l.Get(language, "mdf.plan.requested"), format.Money(plan.RequestedAmount, currency)),
            new(l.Get(language, "mdf.plan.expected"), l.Get(language, "mdf.plan.expected.value", plan.ExpectedLeads, new Money(plan.ExpectedPipeline, currency))),
        };
        if (plan.Description.Length > 0) facts.Add(new(l.Get(language, "mdf.plan.description"), plan.Description));
        return new FactsBlock(facts) { Title = plan.Title };
    }

    /// <summary>
    /// After a decision on a plan (or its reimbursement): every rep's copy of its card (cards queued under
    /// <paramref name="cause"/>) is rewritten in place, with the plan as it now stands and who decided instead of the
    /// buttons or form, in each rep's language.
    /// </summary>
    public static Task RewriteCardsAsync(Notifier notifier, Localizer l, TurnContext ctx, MdfPlan plan, PartnerOrganisation org, string currency,
        string cause, CancellationToken ct) =>
        notifier.QueueUpdatesAsync($"{cause}:{plan.Id}:", plan.Status.ToString(), async (personId, c) =>
        {
            var language = await ctx.Db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Preferences.Language).FirstOrDefaultAsync(c) ?? Languages.English;
            var status = l.Get(language, $"mdf.status.{plan.Status}");
            return new Reply([
                new TextBlock(plan.Title, TextStyle.Heading),
                PlanFacts(l, language, plan, org.Name, currency),
                new TextBlock(l.Get(language, "mdf.rep.decided", ctx.Actor.Name, status, LocaleFormat.For(language).Date(ctx.Now, TimeZoneInfo.Utc)), TextStyle.Note),
            ]) { Summary = $"{plan.Title}: {status}" };
        }, ct);

    /// <summary>A submitted plan's decision buttons: approve, ask for changes, reject.</summary>
    public static ActionsBlock DecisionButtons(Func<string, object?[], string> t, MdfPlan plan)
    {
        var data = new Dictionary<string, string> { ["plan"] = plan.Id };
        return new ActionsBlock([
            new ActionButton(t("mdf.button.approve", []), new ActionRef(MdfActions.Approve, data)) { Style = ButtonStyle.Primary },
            new ActionButton(t("mdf.button.changes", []), new ActionRef(MdfActions.AskForChanges, data)),
            new ActionButton(t("mdf.button.reject", []), new ActionRef(MdfActions.Reject, data)) { Style = ButtonStyle.Danger },
        ]);
    }

    /// <summary>A claimed plan's reimbursement form, pre-filled with the claimed cost and capped at the approved amount.</summary>
    public static FormBlock ReimburseForm(Func<string, object?[], string> t, MdfPlan plan, string currency) =>
        new(t("mdf.reimburse.title", []), [
            new FormField("amount", t("mdf.reimburse.amount", [currency]), FieldKind.Number)
            {
                Required = true, Value = MdfFormat.Number(plan.ClaimedAmount ?? 0), Min = 0, Max = plan.ApprovedAmount,
                Hint = t("mdf.reimburse.hint", [new Money(plan.ApprovedAmount ?? 0, currency)]),
            },
        ], new ActionRef(MdfActions.Reimburse, new Dictionary<string, string> { ["plan"] = plan.Id })) { SubmitLabel = t("mdf.button.reimburse", []), CancelLabel = t("form.cancel", []) };

    public static string ActivityName(Localizer l, string language, string type)
    {
        var key = $"mdf.activity.{type}";
        var text = l.Get(language, key);
        return text == key ? type : text;
    }

    /// <summary>Queues a private message to one person; <paramref name="dedupeKey"/> names the cause, so it is queued once.</summary>
    public static Task<bool> TellAsync(Notifier notifier, Person to, Reply reply, string dedupeKey, CancellationToken ct) =>
        notifier.QueueOnceAsync(to.Id, reply with { Visibility = Visibility.Asker }, $"{dedupeKey}:{to.Id}", ct);
}
