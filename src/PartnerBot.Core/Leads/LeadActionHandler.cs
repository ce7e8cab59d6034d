using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Localization;

namespace PartnerBot.Leads;

/// <summary>
/// The partner's buttons on an offer: Accept (the lead becomes a registration), Decline (asks for an optional reason),
/// and the card as it stands. Only a person of the organisation the lead was offered to gets anything but a refusal,
/// and the refusal names no other partner.
/// </summary>
public sealed class LeadActionHandler(LeadService leads) : IActionHandler
{
    public string Prefix => LeadActions.Prefix;

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var lead = await leads.FindAsync(action.Value("lead") ?? "", ct);
        var offer = lead is null ? null : LeadService.OfferTo(lead, ctx.Actor);
        if (lead is null || offer is null)
        {
            ctx.Send(ctx.T("lead.not-yours"), Visibility.Asker);
            return;
        }
        switch (action.Name)
        {
            case LeadActions.Accept:
                var (outcome, deal) = await leads.AcceptAsync(ctx, lead, ct);
                ctx.Send(Told(ctx, lead, outcome, deal), Visibility.Asker);
                break;
            case LeadActions.Decline:
                if (leads.Refusal(lead, ctx.Actor) is { } refusal) ctx.Send(Told(ctx, lead, refusal, null), Visibility.Asker);
                else await ctx.BeginDialogAsync(LeadDeclineDialog.DialogName, lead.Id, ct);
                break;
            case LeadActions.Card:
                ctx.Send(await leads.OfferCardForAsync(lead, offer, ctx.Actor.PersonId, ct));
                break;
            default:
                ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
                break;
        }
    }

    /// <summary>What the partner is told of an answer, in their language.</summary>
    public static string Told(TurnContext ctx, Lead lead, AcceptOutcome outcome, DealRegistration? deal) => outcome switch
    {
        AcceptOutcome.Registered => ctx.T("lead.accepted.registered", lead.CompanyName, deal!.Id,
            deal.ProtectedUntil is { } until ? LocaleFormat.For(ctx.Language).Date(until) : "—"),
        AcceptOutcome.InReview => ctx.T("lead.accepted.review", lead.CompanyName, deal!.Id),
        AcceptOutcome.AlreadyRegistered => ctx.T("lead.accepted.already-registered", lead.CompanyName, deal!.Id),
        AcceptOutcome.AlreadyAccepted => ctx.T("lead.already-accepted", lead.CompanyName, lead.DealRegistrationId ?? "—"),
        AcceptOutcome.TimeRanOut => ctx.T("lead.time-ran-out", lead.CompanyName),
        _ => ctx.T("lead.not-offered", lead.CompanyName),
    };
}

/// <summary>Declining an offer: an optional reason (for the vendor), then the lead goes to the next partner.</summary>
public sealed class LeadDeclineDialog(LeadService leads) : Dialog<LeadDeclineState>
{
    public const string DialogName = "lead.decline";
    public override string Name => DialogName;

    private static Reply Form(TurnContext ctx, Lead lead, string? value, string? error) =>
        ReasonForm.Build(ctx, "lead.decline.title", "lead.decline.intro", [lead.CompanyName, lead.Id], value, error,
            required: false, labelKey: "lead.decline.reason");

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, LeadDeclineState state, string arguments, CancellationToken ct)
    {
        state.LeadId = arguments;
        var lead = await ctx.Db.Leads.AsNoTracking().FirstAsync(l => l.Id == arguments, ct);
        ctx.Send(Form(ctx, lead, null, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, LeadDeclineState state, CancellationToken ct)
    {
        var lead = await leads.FindAsync(state.LeadId, ct);
        if (lead is null || LeadService.OfferTo(lead, ctx.Actor) is null)
        {
            ctx.Send(ctx.T("lead.not-yours"), Visibility.Asker);
            return DialogStatus.Done;
        }
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit })
        {
            ctx.Send(Form(ctx, lead, null, null));
            return DialogStatus.Waiting;
        }
        var (reason, error) = ReasonForm.Read(ctx, required: false);
        if (reason is null)
        {
            ctx.Send(Form(ctx, lead, ctx.Turn.Action.Value(ReasonForm.Field), error));
            return DialogStatus.Waiting;
        }
        var refusal = await leads.DeclineAsync(ctx, lead, reason.Length == 0 ? null : reason, ct);
        ctx.Send(refusal is { } r ? LeadActionHandler.Told(ctx, lead, r, null) : ctx.T("lead.declined-done", lead.CompanyName), Visibility.Asker);
        return DialogStatus.Done;
    }
}

public sealed class LeadDeclineState
{
    public string LeadId { get; set; } = "";
}
