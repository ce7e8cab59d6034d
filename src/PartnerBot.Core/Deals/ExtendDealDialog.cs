using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Deals;

/// <summary>"extend DR-…" or "extend Acme Corp": one extension of an approved registration, with a reason.</summary>
public sealed class ExtendDealCommand(Microsoft.Extensions.Options.IOptions<PartnerProgram.ProgramOptions> program) : ICommand
{
    public CommandInfo Info { get; } = new("deal.extend", CommandInfo.Partners)
    {
        HelpKey = "help.deal.extend",
        Order = 13,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var key = arguments.Trim();
        var normalized = key.Length == 0 ? "" : CompanyNames.Normalize(key);
        var reference = key.ToUpperInvariant();
        var own = ctx.Db.DealRegistrations.AsNoTracking().VisibleTo(ctx.Actor);
        var matches = key.Length == 0 ? [] : await own
            .Where(d => d.Id == reference || d.NormalizedName == normalized)
            .OrderByDescending(d => d.Status == DealStatus.Approved).ThenByDescending(d => d.RegisteredAt)
            .Take(2).ToListAsync(ct);
        if (matches.Count == 0)
        {
            var approved = await own.Where(d => d.Status == DealStatus.Approved).OrderBy(d => d.ProtectedUntil).Take(5).ToListAsync(ct);
            var blocks = new List<Block> { new TextBlock(ctx.T(key.Length == 0 ? "deal.extend.which" : "deal.extend.not-found", key)) };
            if (approved.Count > 0)
                blocks.Add(new ActionsBlock(approved.Select(d => new ActionButton($"{d.CompanyName} ({d.Id})", ActionRef.Command(ctx.Say("deal.extend", d.Id)))).ToList()));
            ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker });
            return;
        }
        var deal = matches[0];
        var today = DealService.Today(ctx.Actor.TimeZone, ctx.Now);
        var options = program.Value;
        if (DealRules.ExtensionRefusal(deal, today, options) is { } refusal)
        {
            ctx.Send(ctx.T(refusal, deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
            return;
        }
        await ctx.BeginDialogAsync(ExtendDealDialog.DialogName, deal.Id, ct);
    }
}

public sealed class ExtendDealDialog(Microsoft.Extensions.Options.IOptions<PartnerProgram.ProgramOptions> options, DealService service) : Dialog<ReasonState>
{
    public const string DialogName = "deal.extend";
    public override string Name => DialogName;

    private object?[] Args(DealRegistration d) => [d.CompanyName, d.Id, options.Value.DealRegistration.ExtensionDays];

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, ReasonState state, string arguments, CancellationToken ct)
    {
        state.DealId = arguments;
        var deal = await ctx.Db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == arguments, ct);
        ctx.Send(ReasonForm.Build(ctx, "deal.extend.title", "deal.extend.intro", Args(deal), null, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, ReasonState state, CancellationToken ct)
    {
        var deal = await DealScope.FindVisibleAsync(ctx.Db, ctx.Actor, state.DealId, ct);
        if (deal is null || !ctx.Actor.IsPartner) return DialogStatus.Done;
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit })
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.extend.title", "deal.extend.intro", Args(deal), null, null));
            return DialogStatus.Waiting;
        }
        var (reason, error) = ReasonForm.Read(ctx);
        if (reason is null)
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.extend.title", "deal.extend.intro", Args(deal), ctx.Turn.Action.Value(ReasonForm.Field), error));
            return DialogStatus.Waiting;
        }
        var refusal = await service.RequestExtensionAsync(ctx, deal, reason, ct);
        ctx.Send(ctx.T(refusal ?? "deal.extend.requested", deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
        return DialogStatus.Done;
    }
}
