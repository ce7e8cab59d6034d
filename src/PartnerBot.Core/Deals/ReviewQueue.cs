using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Deals;

/// <summary>
/// One thing waiting for a vendor decision, as the review queue lists it: what it is, since when, why it waits (in the
/// reader's language; a conflict names the other side, so a source gives it to vendor staff only), its facts and the
/// block that decides it (buttons, or a form for a reimbursement).
/// </summary>
public sealed record ReviewQueueItem(string Title, DateTimeOffset Since, IReadOnlyList<string> Why, IReadOnlyList<Fact> Facts, Block Decide);

/// <summary>
/// A capability whose items wait for a rep's decision (registrations and extensions here, MDF plans and claims in Mdf):
/// each registers one, and "review queue" lists them all together, oldest first.
/// </summary>
public interface IReviewQueueSource
{
    /// <summary>The items the turn's actor may decide, in the actor's language.</summary>
    Task<IReadOnlyList<ReviewQueueItem>> WaitingAsync(TurnContext ctx, CancellationToken ct);
}

/// <summary>"review queue": everything waiting for this rep's decision (managers: all), oldest first, each with why it waits, how long, and the SLA.</summary>
public sealed class ReviewQueueCommand(IEnumerable<IReviewQueueSource> sources, IOptions<ProgramOptions> program) : ICommand
{
    public const int Limit = 20;

    public CommandInfo Info { get; } = new("deal.queue", CommandInfo.Staff)
    {
        HelpKey = "help.deal.queue",
        Order = 12,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var items = new List<ReviewQueueItem>();
        foreach (var source in sources) items.AddRange(await source.WaitingAsync(ctx, ct));
        if (items.Count == 0)
        {
            ctx.Send(ctx.T("deal.queue.empty"), Visibility.Asker);
            return;
        }
        var slaHours = program.Value.Review.SlaHours;
        var sla = TimeSpan.FromHours(slaHours);
        var ordered = items.OrderBy(i => i.Since).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
        var late = ordered.Count(i => ctx.Now - i.Since > sla);
        var blocks = new List<Block>
        {
            new TextBlock(ctx.T("deal.queue.title", ordered.Count), TextStyle.Heading),
            new TextBlock(ctx.T("deal.queue.sla", slaHours, late), TextStyle.Note),
        };
        foreach (var item in ordered.Take(Limit))
        {
            var age = ctx.Now - item.Since;
            var why = age > sla ? [.. item.Why, ctx.T("deal.queue.why.late", slaHours, Age(ctx, age - sla))] : item.Why;
            var facts = new List<Fact>
            {
                new(ctx.T("deal.field.waiting"), ctx.T(age > sla ? "deal.queue.waiting.late" : "deal.queue.waiting", Age(ctx, age), slaHours)),
                new(ctx.T("deal.queue.why"), string.Join('\n', why)),
            };
            blocks.Add(new FactsBlock([.. facts, .. item.Facts]) { Title = item.Title });
            blocks.Add(item.Decide);
        }
        if (ordered.Count > Limit) blocks.Add(new TextBlock(ctx.T("deal.queue.more", ordered.Count - Limit), TextStyle.Note));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("deal.queue.title", ordered.Count) });
    }

    /// <summary>"5 h", "3 d 4 h".</summary>
    public static string Age(TurnContext ctx, TimeSpan age) =>
        age.TotalHours < 24 ? ctx.T("deal.age.hours", Math.Max(0, (int)age.TotalHours)) : ctx.T("deal.age.days-hours", (int)age.TotalDays, age.Hours);
}

/// <summary>Registrations in review and extension requests, with why each waits: the conflict (with whom), the amount, or the extension asked for.</summary>
public sealed class DealsReviewQueue(DealService service, IOptions<ProgramOptions> program) : IReviewQueueSource
{
    public async Task<IReadOnlyList<ReviewQueueItem>> WaitingAsync(TurnContext ctx, CancellationToken ct)
    {
        var waiting = await ctx.Db.DealRegistrations.AsNoTracking().Include(d => d.PartnerOrganisation).VisibleTo(ctx.Actor)
            .Where(DealRules.AwaitingDecision)
            .ToListAsync(ct);
        var items = new List<ReviewQueueItem>();
        foreach (var deal in waiting)
        {
            var extension = DealRules.ExtensionAwaits(deal.Status, deal.ExtensionStatus);
            var since = DealRules.WaitingSince(deal.Status, deal.ExtensionStatus, deal.RegisteredAt, deal.ExtensionRequestedAt, deal.UpdatedAt);
            var facts = service.DealFacts(deal, ctx.Language, deal.PartnerOrganisation?.Name, null);
            var data = new Dictionary<string, string> { ["deal"] = deal.Id };
            var buttons = new ActionsBlock(
            [
                new(ctx.T("deal.review.approve"), new ActionRef(extension ? DealActions.ExtensionApprove : DealActions.Approve, data)) { Style = ButtonStyle.Primary },
                new(ctx.T("deal.review.reject"), new ActionRef(extension ? DealActions.ExtensionReject : DealActions.Reject, data)) { Style = ButtonStyle.Danger },
            ]);
            items.Add(extension
                ? new ReviewQueueItem(ctx.T("deal.queue.extension", deal.CompanyName), since,
                    [ctx.T("deal.queue.why.extension", deal.ExtensionReason ?? "")], facts, buttons)
                : new ReviewQueueItem(deal.CompanyName, since, await WhyAsync(ctx, deal, ct), facts, buttons));
        }
        return items;
    }

    /// <summary>Why a registration waits, for vendor staff: the competing registrations and direct accounts by name, the amount against the threshold.</summary>
    private async Task<List<string>> WhyAsync(TurnContext ctx, DealRegistration deal, CancellationToken ct)
    {
        var why = new List<string>();
        var reasons = (deal.ReviewReason ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (reasons.Contains("conflict"))
        {
            var otherIds = DealRegistration.SplitIds(deal.ConflictingRegistrationIds);
            var others = await ctx.Db.DealRegistrations.AsNoTracking().Include(d => d.PartnerOrganisation)
                .Where(d => otherIds.Contains(d.Id)).ToListAsync(ct);
            foreach (var other in others.OrderBy(o => o.RegisteredAt))
                why.Add(ctx.T("deal.queue.why.conflict-partner", other.PartnerOrganisation?.Name ?? other.PartnerOrganisationId, other.CompanyName, other.Id,
                    ctx.T($"deal.status.{other.Status}")));
            var accountIds = DealRegistration.SplitIds(deal.ConflictingDirectAccountIds);
            var accounts = await ctx.Db.DirectSalesAccounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToListAsync(ct);
            foreach (var account in accounts.OrderBy(a => a.Name, StringComparer.Ordinal))
                why.Add(ctx.T("deal.queue.why.conflict-direct", account.Name, account.Owner ?? "—"));
            // The rows it overlapped may be gone since; the reason still stands.
            if (others.Count == 0 && accounts.Count == 0) why.Add(ctx.T("deal.queue.why.conflict"));
        }
        if (reasons.Contains("amount"))
            why.Add(ctx.T("deal.queue.why.amount",
                deal.Amount is { } a ? new Money(a, deal.Currency) : (object)"—",
                new Money(program.Value.DealRegistration.ReviewAmountThreshold, program.Value.Currency)));
        return why;
    }
}
