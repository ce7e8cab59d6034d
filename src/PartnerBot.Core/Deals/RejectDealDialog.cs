using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Deals;

/// <summary>Reject a registration in review: the rep gives a reason, the partner is told privately.</summary>
public sealed class RejectDealDialog(DealService service) : Dialog<ReasonState>
{
    public const string DialogName = "deal.reject";
    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, ReasonState state, string arguments, CancellationToken ct)
    {
        state.DealId = arguments;
        var deal = await ctx.Db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == arguments, ct);
        ctx.Send(ReasonForm.Build(ctx, "deal.reject.title", "deal.reject.intro", [deal.CompanyName, deal.Id], null, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, ReasonState state, CancellationToken ct)
    {
        var deal = await DealScope.FindVisibleAsync(ctx.Db, ctx.Actor, state.DealId, ct);
        if (deal is null || !OrganisationAccess.MayDecideFor(ctx.Actor, deal.PartnerOrganisation!))
        {
            ctx.Send(ctx.T("deal.review.not-yours"), Visibility.Asker);
            return DialogStatus.Done;
        }
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit })
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.reject.title", "deal.reject.intro", [deal.CompanyName, deal.Id], null, null));
            return DialogStatus.Waiting;
        }
        var (reason, error) = ReasonForm.Read(ctx);
        // The partner reads the reason as written: it must not name the competing partner.
        if (reason is not null && await PartnerMentions.OtherPartnerNamedAsync(ctx.Db, reason, deal.PartnerOrganisationId, deal.CompanyName, ct) is { } named)
            (reason, error) = (null, ctx.T("deal.error.names-other-partner", named));
        if (reason is null)
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.reject.title", "deal.reject.intro", [deal.CompanyName, deal.Id], ctx.Turn.Action.Value(ReasonForm.Field), error));
            return DialogStatus.Waiting;
        }
        var refusal = await service.RejectAsync(ctx, deal, reason, ct);
        ctx.Send(refusal is null
            ? ctx.T("deal.review.rejected-done", deal.CompanyName, deal.Id)
            : ctx.T(refusal, deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
        return DialogStatus.Done;
    }
}
