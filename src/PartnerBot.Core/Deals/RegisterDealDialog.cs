using System.Globalization;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Deals;

/// <summary>"register a deal" (or "register Acme Corp, about $40k, ..."): opens the registration form, pre-filled.</summary>
public sealed class RegisterDealCommand : ICommand
{
    public CommandInfo Info { get; } = new("deal.register", CommandInfo.Partners)
    {
        HelpKey = "help.deal.register",
        Order = 10,
    };

    public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) =>
        ctx.BeginDialogAsync(RegisterDealDialog.DialogName, arguments, ct);
}

/// <summary>
/// The registration form. A sentence pre-fills it through <see cref="IDealTextExtractor"/>; nothing is stored until
/// the partner submits it and every field passes <see cref="DealRules.Validate"/>. The dialog ends with the first
/// valid submission, so a second press of the same form is refused by the runner.
/// </summary>
public sealed class RegisterDealDialog(IOptions<ProgramOptions> options, IDealTextExtractor extractor, DealService service) : Dialog<RegisterDealDialog.State>
{
    public const string DialogName = "deal.register";

    public sealed class State
    {
        public Dictionary<string, string> Values { get; set; } = [];
        public int Attempts { get; set; }
    }

    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        if (ctx.Actor.PartnerOrganisationId is null)
        {
            ctx.Send(ctx.T("deal.no-organisation"), Visibility.Asker);
            return DialogStatus.Done;
        }
        var today = DealService.Today(ctx.Actor.TimeZone, ctx.Now);
        var draft = string.IsNullOrWhiteSpace(arguments)
            ? new DealDraft()
            : await extractor.ExtractAsync(arguments, new ExtractionContext(today, ctx.Language), ct);
        state.Values = new Dictionary<string, string>
        {
            [DealRules.Fields.Company] = draft.Company ?? "",
            [DealRules.Fields.Website] = draft.Website ?? "",
            [DealRules.Fields.ContactName] = draft.ContactName ?? "",
            [DealRules.Fields.ContactEmail] = draft.ContactEmail ?? "",
            [DealRules.Fields.CloseDate] = draft.CloseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            [DealRules.Fields.Amount] = draft.Amount?.ToString(CultureInfo.InvariantCulture) ?? "",
            [DealRules.Fields.Currency] = draft.Currency ?? options.Value.Currency,
            [DealRules.Fields.Product] = draft.Product ?? "",
            [DealRules.Fields.Notes] = draft.Notes ?? "",
        };
        var prefilled = !string.IsNullOrWhiteSpace(arguments);
        ctx.Send(Form(ctx, state.Values, null, prefilled ? ctx.T("deal.form.prefilled") : ctx.T("deal.form.intro")));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            ctx.Send(ctx.T("deal.form.still-open"), Visibility.Asker);
            ctx.Send(Form(ctx, state.Values, null, null));
            return DialogStatus.Waiting;
        }
        state.Attempts++;
        foreach (var id in DealRules.Fields.All)
            if (action.Value(id) is { } v) state.Values[id] = v.Trim();

        var today = DealService.Today(ctx.Actor.TimeZone, ctx.Now);
        var errors = DealRules.Validate(state.Values, today, options.Value, out var input);
        if (errors.Count > 0 || input is null)
        {
            ctx.Send(Form(ctx, state.Values, errors.ToDictionary(e => e.Key, e => ctx.T(e.Value.Key, e.Value.Args)), null));
            return DialogStatus.Waiting;
        }

        var (outcome, deal) = await service.RegisterAsync(ctx, input, ct);
        var lang = ctx.Language;
        var blocks = new List<Block>();
        switch (outcome)
        {
            case RegistrationOutcome.Approved:
                var days = deal.ProtectedUntil!.Value.DayNumber - today.DayNumber;
                blocks.Add(new TextBlock(ctx.T("deal.registered.approved", deal.CompanyName, LocaleFormat.For(lang).Date(deal.ProtectedUntil.Value), days), TextStyle.Success));
                break;
            case RegistrationOutcome.InReview:
                var why = (deal.ReviewReason ?? "").Split(',').Select(r => r == "amount"
                    ? ctx.T("deal.registered.why.amount", LocaleFormat.For(lang).Money(options.Value.DealRegistration.ReviewAmountThreshold, options.Value.Currency))
                    : ctx.T("deal.registered.why.conflict"));
                blocks.Add(new TextBlock(ctx.T("deal.registered.review", deal.CompanyName) + " " + string.Join(" ", why)));
                break;
            default:
                blocks.Add(new TextBlock(ctx.T("deal.registered.duplicate", deal.CompanyName, deal.Id), TextStyle.Warning));
                break;
        }
        blocks.Add(new FactsBlock(service.DealFacts(deal, lang, null, null)));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ((TextBlock)blocks[0]).Text });
        return DialogStatus.Done;
    }

    private Reply Form(TurnContext ctx, Dictionary<string, string> values, Dictionary<string, string>? errors, string? intro)
    {
        string? Err(string id) => errors?.GetValueOrDefault(id);
        string Val(string id) => values.GetValueOrDefault(id, "");
        var o = options.Value;
        FormField F(string id, FieldKind kind, bool required = false, int max = 200) =>
            new(id, ctx.T($"deal.form.{id}"), kind) { Required = required, Value = Val(id), Error = Err(id), MaxLength = max, Hint = HintFor(ctx, id) };
        var fields = new List<FormField>
        {
            F(DealRules.Fields.Company, FieldKind.Text, required: true),
            F(DealRules.Fields.Website, FieldKind.Text) with { Placeholder = "tailspin.com" },
            F(DealRules.Fields.ContactName, FieldKind.Text),
            F(DealRules.Fields.ContactEmail, FieldKind.Email, max: 320),
            F(DealRules.Fields.CloseDate, FieldKind.Date, required: true, max: 40),
            F(DealRules.Fields.Amount, FieldKind.Number, max: 40) with { Min = 0, Max = o.DealRegistration.MaxAmount },
            F(DealRules.Fields.Currency, FieldKind.Choice, max: 3) with
            {
                Choices = DealRules.Currencies(o).Select(c => new Choice(c, c)).ToList(),
            },
            F(DealRules.Fields.Product, FieldKind.Text),
            F(DealRules.Fields.Notes, FieldKind.LongText, max: 2000),
        };
        return new Reply([new FormBlock(ctx.T("deal.form.title"), fields, ctx.DialogSubmit())
        {
            Intro = intro,
            SubmitLabel = ctx.T("deal.form.submit"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T("deal.form.title") };
    }

    private static string? HintFor(TurnContext ctx, string id) => id switch
    {
        DealRules.Fields.ContactName => ctx.T("deal.form.contactName.hint"),
        DealRules.Fields.Website => ctx.T("deal.form.website.hint"),
        _ => null,
    };
}
