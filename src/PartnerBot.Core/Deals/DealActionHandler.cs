using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Deals;

/// <summary>The rep's buttons: approve, reject (asks for a reason), and the same for extension requests.</summary>
public sealed class DealActionHandler(DealService service) : IActionHandler
{
    public string Prefix => DealActions.Prefix;

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var id = action.Value("deal") ?? "";
        var deal = await ctx.Db.DealRegistrations.Include(d => d.PartnerOrganisation).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null || !ctx.Actor.IsVendorStaff || !OrganisationAccess.MayDecideFor(ctx.Actor, deal.PartnerOrganisation!))
        {
            ctx.Send(ctx.T("deal.review.not-yours"), Visibility.Asker);
            return;
        }
        string? refusal;
        switch (action.Name)
        {
            case DealActions.Approve:
                refusal = await service.ApproveAsync(ctx, deal, ct);
                Answer(ctx, refusal, "deal.review.approved-done", deal);
                break;
            case DealActions.Reject:
                if (deal.Status != DealStatus.InReview) Answer(ctx, "deal.review.already-decided", "", deal);
                else await ctx.BeginDialogAsync(RejectDealDialog.DialogName, deal.Id, ct);
                break;
            case DealActions.Card:
                var org = deal.PartnerOrganisation!;
                ctx.Send((action.Value("card") == "extension"
                    ? service.ExtensionCard(deal, org, ctx.Language, await service.DeciderNameAsync(deal, ct))
                    : await service.ReviewCardAsync(deal, org, ctx.Language, ct)) with { Visibility = Visibility.Asker });
                break;
            case DealActions.ExtensionApprove or DealActions.ExtensionReject:
                var approve = action.Name == DealActions.ExtensionApprove;
                refusal = await service.DecideExtensionAsync(ctx, deal, approve, ct);
                Answer(ctx, refusal, approve ? "deal.extension.approved-done" : "deal.extension.rejected-done", deal);
                break;
            default:
                ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
                break;
        }
    }

    private static void Answer(TurnContext ctx, string? refusal, string doneKey, DealRegistration deal) =>
        ctx.Send(refusal is null
            ? ctx.T(doneKey, deal.CompanyName, deal.Id)
            : ctx.T(refusal, deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
}
