using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.PartnerVoice;

/// <summary>
/// A score button pressed: a partner user's answer to the round running for their organisation is kept (a second
/// press changes it), then the comment's form opens. A press for a round that has ended gets the current question; a
/// button that does not parse, or staff pressing one, changes nothing.
/// </summary>
public sealed class SurveyActions(IOptions<ProgramOptions> program, Localizer localizer) : IActionHandler
{
    public string Prefix => PartnerSurvey.ActionPrefix;

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        if (action.Name != PartnerSurvey.ScoreAction
            || !int.TryParse(action.Value("round"), NumberStyles.None, CultureInfo.InvariantCulture, out var round)
            || !int.TryParse(action.Value("score"), NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score > 10)
        {
            ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
            return;
        }
        if (OrganisationAccess.OwnOrganisationId(ctx.Actor) is not { } orgId
            || await ctx.Db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) is not { } org)
        {
            ctx.Send(ctx.T("survey.partners-only"), Visibility.Asker);
            return;
        }
        var rules = program.Value.PartnerVoice;
        var current = PartnerSurvey.Round(org.JoinedOn, PartnerSurvey.UtcDay(ctx.Now), rules);
        if (current != round)
        {
            ctx.Send(ctx.T("survey.closed"), Visibility.Asker);
            if (current is { } open) ctx.Send(PartnerSurvey.Question(localizer, ctx.Language, program.Value.Name, open));
            return;
        }
        var answer = await ctx.Db.SurveyAnswers.FirstOrDefaultAsync(a => a.PersonId == ctx.Actor.PersonId && a.Round == round, ct);
        if (answer is null)
        {
            answer = new SurveyAnswer { PersonId = ctx.Actor.PersonId, OrganisationId = org.Id, Round = round };
            ctx.Db.SurveyAnswers.Add(answer);
        }
        answer.Score = score;
        answer.AnsweredAt = ctx.Now;
        await ctx.BeginDialogAsync(SurveyCommentDialog.DialogName, round.ToString(CultureInfo.InvariantCulture), ct);
    }
}

/// <summary>
/// After a score: one optional field for the reason. Typed text is the comment too (a command typed instead still
/// runs as that command); an empty form keeps the score alone.
/// </summary>
public sealed class SurveyCommentDialog : Dialog<SurveyCommentState>
{
    public const string DialogName = "survey.comment";
    public const string Field = "comment";
    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, SurveyCommentState state, string arguments, CancellationToken ct)
    {
        state.Round = int.Parse(arguments, CultureInfo.InvariantCulture);
        var score = await ScoreAsync(ctx, state.Round, ct);
        ctx.Send(Form(ctx, score, null, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, SurveyCommentState state, CancellationToken ct)
    {
        var answer = await ctx.Db.SurveyAnswers.FirstOrDefaultAsync(a => a.PersonId == ctx.Actor.PersonId && a.Round == state.Round, ct);
        if (answer is null)
        {
            ctx.Send(ctx.T("dialog.expired"), Visibility.Asker);
            return DialogStatus.Done;
        }
        var text = ctx.Turn.Action is { Name: ActionNames.DialogSubmit } submit ? submit.Value(Field) : ctx.Turn.Text;
        var (comment, error) = PartnerSurvey.ReadComment(text);
        if (error is not null)
        {
            ctx.Send(Form(ctx, answer.Score, text, ctx.T(error, LocaleFormat.For(ctx.Language).Number(PartnerSurvey.MaxCommentLength))));
            return DialogStatus.Waiting;
        }
        if (comment is not null)
        {
            answer.Comment = comment;
            answer.AnsweredAt = ctx.Now;
        }
        ctx.Send(ctx.T(comment is null ? "survey.thanks" : "survey.thanks-comment"), Visibility.Asker);
        return DialogStatus.Done;
    }

    private static async Task<int> ScoreAsync(TurnContext ctx, int round, CancellationToken ct) =>
        ctx.Db.ChangeTracker.Entries<SurveyAnswer>().Select(e => e.Entity).FirstOrDefault(a => a.PersonId == ctx.Actor.PersonId && a.Round == round) is { } pending
            ? pending.Score
            : await ctx.Db.SurveyAnswers.Where(a => a.PersonId == ctx.Actor.PersonId && a.Round == round).Select(a => a.Score).FirstAsync(ct);

    private static Reply Form(TurnContext ctx, int score, string? value, string? error)
    {
        var title = ctx.T("survey.recorded", LocaleFormat.For(ctx.Language).Number(score));
        return new Reply([new FormBlock(title, [new FormField(Field, ctx.T("survey.comment.label"), FieldKind.LongText)
        {
            Value = value, Error = error, MaxLength = PartnerSurvey.MaxCommentLength,
        }], ctx.DialogSubmit())
        {
            Intro = ctx.T("survey.comment.intro"),
            SubmitLabel = ctx.T("survey.comment.send"),
            CancelLabel = ctx.T("form.cancel"),
            Error = error is null ? null : ctx.T("form.fix-errors"),
        }]) { Visibility = Visibility.Asker, Summary = title };
    }
}

public sealed class SurveyCommentState
{
    public int Round { get; set; }
}
