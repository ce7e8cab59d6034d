using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.People;

namespace PartnerBot.Knowledge;

/// <summary>"ask &lt;question&gt;": a program question for the assistant, said outright.</summary>
public sealed class AskCommand(KnowledgeAssistant assistant) : ICommand
{
    public CommandInfo Info { get; } = new("ask", CommandInfo.Everyone)
    {
        HelpKey = "help.ask",
        Order = 900,
        TakesQuestion = true,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var answer = await assistant.AskAsync(ctx.Actor, arguments, ct);
        ctx.Send(answer.Reply);
    }
}

/// <summary>
/// Whatever no command recognises: a command mistyped gets the closest commands; otherwise the assistant answers
/// when the program's documents do. When they do not, a
/// question gets the assistant's "I don't know" with the offer to ask the rep; anything else (a typo, a greeting,
/// gibberish) is not passed to anyone as a question and gets the closest commands instead.
/// </summary>
public sealed class AssistantFallback(KnowledgeAssistant assistant) : IFallbackHandler
{
    public async Task HandleAsync(TurnContext ctx, string text, CancellationToken ct)
    {
        var asked = QuestionIntent.IsQuestion(text);
        if (!asked && ctx.IsMistypedCommand(text))
        {
            HelpCommand.SendClosest(ctx, text);
            return;
        }
        var answer = await assistant.AskAsync(ctx.Actor, text, asked, ct);
        if (!asked && answer.Kind is AnswerKind.NotFound or AnswerKind.Empty)
            HelpCommand.SendClosest(ctx, text);
        else
            ctx.Send(answer.Reply);
    }
}

public static class AssistantActions
{
    public const string Prefix = "assistant.";
    /// <summary>The asker passes an unanswered question to their rep.</summary>
    public const string Escalate = "assistant.escalate";
    /// <summary>The rep's answer, from the form the rep received.</summary>
    public const string Answer = "assistant.answer";
    /// <summary>The asker's rating of an answer: "answer" names it, "rating" is one of <see cref="Ratings"/>.</summary>
    public const string Rate = "assistant.rate";

    /// <summary>The ratings a button sends, as they travel.</summary>
    public static class Ratings
    {
        public const string Helpful = "helpful";
        public const string NotHelpful = "not-helpful";
        public const string DidNotAnswer = "missed";

        public static AnswerRating? Parse(string? value) => value switch
        {
            Helpful => AnswerRating.Helpful,
            NotHelpful => AnswerRating.NotHelpful,
            DidNotAnswer => AnswerRating.DidNotAnswer,
            _ => null,
        };
    }
}

/// <summary>
/// The way round "I don't know": the asker sends the question to their organisation's owning rep (outbox), the rep
/// answers in a form, and the answer goes back to the asker (outbox). Ids travel in the buttons; who may press
/// them is checked against the stored question every time.
/// </summary>
public sealed class AssistantActionHandler(Localization.Localizer localizer, Notifier notifier) : IActionHandler
{
    public string Prefix => AssistantActions.Prefix;

    public Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct) => action.Name switch
    {
        AssistantActions.Escalate => EscalateAsync(ctx, action, ct),
        AssistantActions.Answer => AnswerAsync(ctx, action, ct),
        AssistantActions.Rate => RateAsync(ctx, action, ct),
        _ => Unknown(ctx),
    };

    /// <summary>
    /// The asker rates an answer given to them: the rating is kept on the answer, so pressing another button changes
    /// it and pressing the same one again (a replay, a double click) changes nothing. Nobody else may rate it.
    /// </summary>
    private async Task RateAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var rating = AssistantActions.Ratings.Parse(action.Value("rating"));
        var id = action.Value("answer");
        var answer = rating is null || string.IsNullOrEmpty(id) ? null : await ctx.Db.KnowledgeAnswers.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (answer is null || answer.Outcome != AnswerOutcome.Answered)
        {
            await Unknown(ctx);
            return;
        }
        if (answer.AskedByPersonId != ctx.Actor.PersonId)
        {
            ctx.Send(ctx.T("assistant.rate.not-yours"), Visibility.Asker);
            return;
        }
        if (answer.Rating == rating)
        {
            ctx.Send(ctx.T("assistant.rate.same"), Visibility.Asker);
            return;
        }
        answer.Rating = rating;
        answer.RatedAt = ctx.Now;
        ctx.Send(ctx.T(rating switch
        {
            AnswerRating.Helpful => "assistant.rate.thanks-helpful",
            AnswerRating.NotHelpful => "assistant.rate.thanks-not-helpful",
            _ => "assistant.rate.thanks-missed",
        }), Visibility.Asker);
    }

    private static Task Unknown(TurnContext ctx)
    {
        ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
        return Task.CompletedTask;
    }

    private async Task EscalateAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var question = await ctx.Db.KnowledgeQuestions.FirstOrDefaultAsync(q => q.Id == action.Value("question"), ct);
        if (question is null || question.AskedByPersonId != ctx.Actor.PersonId)
        {
            await Unknown(ctx);
            return;
        }
        if (question.Status != KnowledgeQuestionStatus.NotFound)
        {
            ctx.Send(ctx.T("assistant.already-asked"), Visibility.Asker);
            return;
        }
        var org = await ctx.Db.PartnerOrganisations.Include(o => o.OwnerRep).FirstOrDefaultAsync(o => o.Id == question.PartnerOrganisationId, ct);
        if (org?.OwnerRep is not { } rep)
        {
            ctx.Send(ctx.T("assistant.no-rep"), Visibility.Asker);
            return;
        }
        question.Status = KnowledgeQuestionStatus.Escalated;
        question.EscalatedAt = ctx.Now;
        question.RepPersonId = rep.Id;

        string R(string key, params object?[] args) => localizer.Get(rep.Preferences.Language, key, args);
        var toRep = new Reply(
        [
            new TextBlock(R("assistant.rep.heading", ctx.Actor.Name, org.Name), TextStyle.Heading),
            new TextBlock($"“{question.Question}”"),
            new FormBlock(R("assistant.rep.form-title"),
                [new FormField("answer", R("assistant.rep.answer-label"), FieldKind.LongText) { Required = true, MaxLength = 3000 }],
                new ActionRef(AssistantActions.Answer, new Dictionary<string, string> { ["question"] = question.Id }))
            {
                SubmitLabel = R("assistant.rep.send"),
                CancelLabel = R("form.cancel"),
            },
        ]) { Visibility = Visibility.Asker, Summary = R("assistant.rep.heading", ctx.Actor.Name, org.Name) };
        await notifier.QueueOnceAsync(rep.Id, toRep, $"knowledge-question:{question.Id}", ct);
        ctx.Send(ctx.T("assistant.escalated", rep.DisplayName), Visibility.Asker);
    }

    private async Task AnswerAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var question = await ctx.Db.KnowledgeQuestions.FirstOrDefaultAsync(q => q.Id == action.Value("question"), ct);
        var allowed = question is not null && question.Status != KnowledgeQuestionStatus.NotFound &&
            (question.RepPersonId == ctx.Actor.PersonId || OrganisationAccess.SeesAll(ctx.Actor));
        if (!allowed)
        {
            await Unknown(ctx);
            return;
        }
        if (question!.Status == KnowledgeQuestionStatus.Answered)
        {
            ctx.Send(ctx.T("assistant.already-answered"), Visibility.Asker);
            return;
        }
        var answer = action.Value("answer")?.Trim();
        if (string.IsNullOrEmpty(answer))
        {
            ctx.Send(ctx.T("assistant.rep.answer-empty"), Visibility.Asker);
            return;
        }
        question.Status = KnowledgeQuestionStatus.Answered;
        question.Answer = answer;
        question.AnsweredByPersonId = ctx.Actor.PersonId;
        question.AnsweredAt = ctx.Now;

        var asker = await ctx.Db.People.AsNoTracking().FirstAsync(p => p.Id == question.AskedByPersonId, ct);
        string A(string key, params object?[] args) => localizer.Get(asker.Preferences.Language, key, args);
        var toAsker = new Reply(
        [
            new TextBlock(A("assistant.answer.heading", ctx.Actor.Name), TextStyle.Heading),
            new TextBlock(A("assistant.answer.question", question.Question), TextStyle.Note),
            new TextBlock(answer),
        ]) { Visibility = Visibility.Asker, Summary = A("assistant.answer.heading", ctx.Actor.Name) };
        await notifier.QueueOnceAsync(asker.Id, toAsker, $"knowledge-answer:{question.Id}", ct);
        ctx.Send(ctx.T("assistant.rep.sent", asker.DisplayName), Visibility.Asker);
    }
}
