using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.People;

namespace PartnerBot.Commissions;

/// <summary>"cancel deal DR-…": the customer cancelled a won deal; inside the clawback window the commission is taken back.</summary>
public sealed class CancelDealCommand(CommissionService service) : ICommand
{
    public CommandInfo Info { get; } = new("cancel-deal", CommandInfo.Staff)
    {
        HelpKey = "help.cancel-deal",
        Order = 135,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var deal = arguments.Length == 0 ? null : await service.FindDealAsync(ctx.Actor, arguments, ct);
        if (deal is null)
        {
            ctx.Send(ctx.T("commission.error.deal-not-found", arguments.Trim()), Visibility.Asker);
            return;
        }
        var result = await service.CancelAsync(deal, ctx.Now, ct);
        ctx.Send(ctx.T(result.Key, result.Args), Visibility.Asker);
    }
}
