using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Observability;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Knowledge;

public enum AnswerKind
{
    /// <summary>No question was asked.</summary>
    Empty,
    /// <summary>The model answered from cited passages or the asker's own facts.</summary>
    Model,
    /// <summary>No model (or it failed): the best passages, quoted with their citations.</summary>
    Excerpts,
    /// <summary>Nothing relevant: "I don't know", with an offer to ask the rep.</summary>
    NotFound,
}

public sealed record AssistantAnswer(AnswerKind Kind, Reply Reply)
{
    /// <summary>The sources the answer cites, as "document § section".</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>Set when the question was recorded so the asker can pass it to their rep.</summary>
    public string? QuestionId { get; init; }
    /// <summary>The kept answer (<see cref="KnowledgeAnswer"/>) its rating buttons name; null when nothing was asked.</summary>
    public string? AnswerId { get; init; }
}

/// <summary>
/// Answers a program question for one actor. Retrieval always runs first. With a model configured, a Semantic Kernel
/// chat with the passages, a search function and the actor's own facts (bound to the actor) writes the answer; without
/// one, or when the model fails, times out or states a number its evidence does not hold, the best passages are quoted
/// as excerpts. Every answer cites its sources; with none, it says so and offers to ask the partner's rep.
/// Scoped: it adds a <see cref="KnowledgeQuestion"/> to the turn's unit of work when nothing is found.
/// </summary>
public sealed partial class KnowledgeAssistant(
    KnowledgeRetriever retriever,
    PartnerBotDb db,
    Localizer localizer,
    PromptLibrary prompts,
    IServiceProvider services,
    IHttpClientFactory httpClients,
    IOptions<AssistantOptions> options,
    IOptions<ProgramOptions> program,
    TimeProvider clock,
    ILogger<KnowledgeAssistant> logger)
{
    public const string HttpClientName = "assistant";

    public Task<AssistantAnswer> AskAsync(Actor actor, string? question, CancellationToken ct = default) =>
        AskAsync(actor, question, asked: true, ct);

    /// <summary>
    /// Answers <paramref name="question"/> for <paramref name="actor"/>. Text that does not read as a question
    /// (<paramref name="asked"/> false: the fallback for a message no command took) is answered only from passages
    /// found: the model is not asked to make sense of it, and nothing is recorded or offered to the rep.
    /// </summary>
    public async Task<AssistantAnswer> AskAsync(Actor actor, string? question, bool asked, CancellationToken ct = default)
    {
        var answer = await AnswerAsync(actor, question, asked, ct);
        return Record(actor, question, asked, answer);
    }

    /// <summary>
    /// Keeps the answer (a question that was declined too) with its question, asker, language and sources, and gives
    /// an answer the asker's rating buttons. Text that was no question and found nothing is not kept: it was not asked.
    /// </summary>
    private AssistantAnswer Record(Actor actor, string? question, bool asked, AssistantAnswer answer)
    {
        var declined = answer.Kind == AnswerKind.NotFound;
        if (answer.Kind == AnswerKind.Empty || (declined && !asked)) return answer;
        var q = (question ?? "").Trim();
        var record = new KnowledgeAnswer
        {
            Id = Guid.NewGuid().ToString("N"),
            AskedByPersonId = actor.PersonId,
            PartnerOrganisationId = actor.PartnerOrganisationId,
            Question = q.Length <= options.Value.MaxQuestionLength ? q : q[..options.Value.MaxQuestionLength],
            Language = actor.Language,
            Outcome = declined ? AnswerOutcome.Declined : AnswerOutcome.Answered,
            Sources = Cut(string.Join('\n', answer.Sources), 4000),
            AnsweredAt = clock.GetUtcNow(),
        };
        db.KnowledgeAnswers.Add(record);
        if (declined) return answer with { AnswerId = record.Id };
        var reply = answer.Reply with { Blocks = [.. answer.Reply.Blocks, RatingButtons(actor.Language, record.Id)] };
        return answer with { Reply = reply, AnswerId = record.Id };
    }

    /// <summary>👍, 👎 and "this didn't answer my question" under an answer: each press sends its rating of this answer.</summary>
    private ActionsBlock RatingButtons(string language, string answerId)
    {
        ActionButton Button(string key, string rating) => new(localizer.Get(language, key),
            new ActionRef(AssistantActions.Rate, new Dictionary<string, string> { ["answer"] = answerId, ["rating"] = rating }))
        {
            LeavesMessage = true,
        };
        return new ActionsBlock([
            Button("assistant.rate.helpful", AssistantActions.Ratings.Helpful),
            Button("assistant.rate.not-helpful", AssistantActions.Ratings.NotHelpful),
            Button("assistant.rate.missed", AssistantActions.Ratings.DidNotAnswer),
        ]);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private async Task<AssistantAnswer> AnswerAsync(Actor actor, string? question, bool asked, CancellationToken ct)
    {
        var language = actor.Language;
        string T(string key, params object?[] args) => localizer.Get(language, key, args);

        var q = (question ?? "").Trim();
        if (q.Length == 0)
            return new AssistantAnswer(AnswerKind.Empty, Reply.Text(T("assistant.empty"), Visibility.Asker));

        var notes = new List<string>();
        var max = options.Value.MaxQuestionLength;
        if (q.Length > max)
        {
            notes.Add(T("assistant.question-cut", q.Length, max));
            q = q[..max];
        }

        var search = await retriever.SearchAsync(q, language, ct: ct);
        if (!asked && !search.Found)
            return new AssistantAnswer(AnswerKind.NotFound, Reply.Text(T("assistant.not-found"), Visibility.Asker));
        if (search.FellBackToEnglish && language != Languages.English) notes.Add(T("assistant.english-only"));
        var own = await OwnFactsAsync(actor, q, search, ct);

        if (options.Value.HasModel)
        {
            var answer = await TryModelAsync(actor, q, search, own, notes, ct);
            if (answer is not null) return answer;
        }
        return search.Found ? Excerpts(search, own, notes, T) : await NotFoundAsync(actor, q, notes, T, ct);
    }

    /// <summary>
    /// A partner's question about their own situation ("how do I reach Gold?", "berapa MDF kami") on a topic that has
    /// personal facts: those facts, from the capability that owns them and scoped to the asker's organisation.
    /// </summary>
    private async Task<PersonalFacts?> OwnFactsAsync(Actor actor, string q, SearchResult search, CancellationToken ct)
    {
        if (!actor.IsPartner || actor.PartnerOrganisationId is null || !search.Found || !KnowledgeText.AboutTheAsker(q)) return null;
        if (PersonalFactsPlugin.ForTopic(search.Passages[0].Slug) is not { } sourceType) return null;
        var facts = await ((IPersonalFactsSource)services.GetRequiredService(sourceType)).GetAsync(actor, db, ct);
        return facts.Available ? facts : null;
    }

    private static AssistantAnswer Excerpts(SearchResult search, PersonalFacts? own, List<string> notes, Func<string, object?[], string> t)
    {
        string T(string key, params object?[] args) => t(key, args);
        var blocks = new List<Block> { new TextBlock(T("assistant.excerpts-lead"), TextStyle.Heading) };
        blocks.AddRange(notes.Select(n => new TextBlock(n, TextStyle.Note)));
        var number = 0;
        foreach (var p in search.Passages)
        {
            if (PassageBlocks.HasStructure(p.Text))
            {
                // A passage with a list or table: its citation, then the passage drawn as the channel's own list and table.
                blocks.Add(new TextBlock($"[{++number}] {p.HeadingPath}"));
                blocks.AddRange(PassageBlocks.From(p.Text));
            }
            else blocks.Add(new TextBlock($"[{++number}] {p.HeadingPath}\n“{p.Text}”"));
        }
        var sources = search.Passages.Select(SourceLabel).Distinct().ToList();
        if (own is not null)
        {
            // The rule, then where the asker's organisation stands against it: their own numbers, never another's.
            blocks.Add(new TextBlock(T("assistant.your-figures"), TextStyle.Heading));
            blocks.Add(new TextBlock(string.Join('\n', own.Facts.Select(f => $"• {f.Label}: {f.Value}"))));
            sources.Add(T("assistant.source-records", own.Topic));
        }
        blocks.Add(new TextBlock(T("assistant.sources", FormatSources(sources)), TextStyle.Note));
        var reply = new Reply(blocks) { Summary = T("assistant.excerpts-lead") };
        return new AssistantAnswer(AnswerKind.Excerpts, own is null ? reply : reply.AsPrivate()) { Sources = sources };
    }

    private async Task<AssistantAnswer> NotFoundAsync(Actor actor, string q, List<string> notes, Func<string, object?[], string> t, CancellationToken ct)
    {
        string T(string key, params object?[] args) => t(key, args);
        var blocks = new List<Block> { new TextBlock(T("assistant.not-found")) };
        blocks.AddRange(notes.Select(n => new TextBlock(n, TextStyle.Note)));
        string? questionId = null;
        var org = OrganisationAccess.OwnOrganisationId(actor) is { } orgId
            ? await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct)
            : null;
        if (org?.OwnerRepId is not null)
        {
            var record = new KnowledgeQuestion
            {
                Id = Guid.NewGuid().ToString("N"),
                AskedByPersonId = actor.PersonId,
                PartnerOrganisationId = org.Id,
                Question = q,
                Language = actor.Language,
                Status = KnowledgeQuestionStatus.NotFound,
                AskedAt = clock.GetUtcNow(),
            };
            db.KnowledgeQuestions.Add(record);
            questionId = record.Id;
            blocks.Add(new TextBlock(T("assistant.offer-rep")));
            blocks.Add(new ActionsBlock([new ActionButton(T("assistant.ask-rep"),
                new ActionRef(AssistantActions.Escalate, new Dictionary<string, string> { ["question"] = record.Id })) { Style = ButtonStyle.Primary }]));
        }
        Log.NotFound(logger, actor.PersonId);
        return new AssistantAnswer(AnswerKind.NotFound, new Reply(blocks) { Visibility = Visibility.Asker, Summary = T("assistant.not-found") })
        {
            QuestionId = questionId,
        };
    }

    private async Task<AssistantAnswer?> TryModelAsync(Actor actor, string q, SearchResult search, PersonalFacts? own, List<string> notes, CancellationToken ct)
    {
        string T(string key, params object?[] args) => localizer.Get(actor.Language, key, args);
        var evidence = new AssistantEvidence();
        var given = evidence.Add(search.Passages);
        if (own is not null) evidence.Add(own);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        string text;
        try
        {
            var kernel = BuildKernel(actor, evidence);
            var system = prompts.Render("assistant.system", new Dictionary<string, string>
            {
                ["program"] = program.Value.Name,
                ["asker"] = actor.Name,
                ["role"] = actor.Role.ToString(),
                ["language"] = LanguageName(actor.Language),
                ["passages"] = given.Count == 0 ? "(none found for this question)" : AssistantEvidence.Format(given),
                ["own"] = own is null ? "(none: call a my_* function if the question is about the asker's own organisation)" : own.ToText(),
            });
            var history = new ChatHistory(system);
            history.AddUserMessage(q);
            var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(), Temperature = 0 };
            var chat = kernel.GetRequiredService<IChatCompletionService>();
            var reply = await Telemetry.MeasureModelAsync(Telemetry.ModelPurposes.Assistant,
                () => chat.GetChatMessageContentAsync(history, settings, kernel, timeout.Token), ct);
            text = (reply.Content ?? "").Trim();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Log.ModelTimedOut(logger, options.Value.Timeout.TotalSeconds);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Log.ModelFailed(logger, ex.GetType().Name, ex.Message);
            return null;
        }

        if (text.Length == 0)
        {
            Log.ModelEmpty(logger);
            return null;
        }
        var unsupported = NumberGuard.Unsupported(text, evidence.AllText() + "\n" + q);
        if (unsupported.Count > 0)
        {
            Log.ModelInventedNumber(logger, string.Join(", ", unsupported));
            return null;
        }
        var usedFacts = evidence.Facts.Where(f => f.Available).ToList();
        var cited = CitedPassages(text, evidence.Passages);
        if (cited.Count == 0 && usedFacts.Count == 0)
        {
            // An answer that rests on nothing is not an answer: treat it as "not found" rather than trust it.
            Log.ModelUncited(logger);
            return null;
        }

        // The model may repeat a document's list or table: drawn as such, never as Markdown's dashes and pipes.
        var blocks = PassageBlocks.HasStructure(text) ? PassageBlocks.From(text).ToList() : new List<Block> { new TextBlock(text) };
        blocks.AddRange(notes.Select(n => new TextBlock(n, TextStyle.Note)));
        var sources = cited.Select(SourceLabel).Distinct().ToList();
        if (usedFacts.Count > 0) sources.AddRange(usedFacts.Select(f => T("assistant.source-records", f.Topic)));
        blocks.Add(new TextBlock(T("assistant.sources", FormatSources(sources)), TextStyle.Note));
        var replyBlock = new Reply(blocks) { Summary = text.Length > 200 ? text[..200] + "…" : text };
        // Anything about the asker's own organisation is shown to them alone.
        if (usedFacts.Count > 0) replyBlock = replyBlock.AsPrivate();
        return new AssistantAnswer(AnswerKind.Model, replyBlock) { Sources = sources };
    }

    /// <summary>The passages the answer cites as [n]; all of them when it cites none by number.</summary>
    private static List<Passage> CitedPassages(string text, IReadOnlyList<Passage> passages)
    {
        var numbers = CitationMarker().Matches(text).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        var cited = passages.Where((_, i) => numbers.Contains(i + 1)).ToList();
        return cited.Count > 0 ? cited : passages.ToList();
    }

    /// <summary>The kernel for one turn: the chat connector plus plugins bound to this actor and this answer's evidence.</summary>
    internal Kernel BuildKernel(Actor actor, AssistantEvidence evidence)
    {
        var kernel = new ChatModel(options, httpClients).CreateKernel();
        kernel.Plugins.AddFromObject(new KnowledgeSearchPlugin(retriever, actor.Language, evidence), "knowledge");
        foreach (var (name, sourceType, description) in PersonalFactsPlugin.All)
        {
            var source = (IPersonalFactsSource)services.GetRequiredService(sourceType);
            kernel.Plugins.Add(PersonalFactsPlugin.Create(name, description, actor, db, source, evidence));
        }
        return kernel;
    }

    public static string SourceLabel(Passage p) => $"{p.HeadingPath} ({p.DocumentId})";

    private static string FormatSources(IEnumerable<string> sources) => string.Join('\n', sources.Select(s => "• " + s));

    private static string LanguageName(string language) => language switch
    {
        Languages.Malay => "Malay (Bahasa Melayu)",
        Languages.Chinese => "Simplified Chinese",
        Languages.Polish => "Polish",
        _ => "English",
    };

    [GeneratedRegex(@"\[(\d{1,2})\]")]
    private static partial Regex CitationMarker();

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "The assistant's model did not answer within {Seconds} s: gave the offline answer")]
        public static partial void ModelTimedOut(ILogger logger, double seconds);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "The assistant's model failed ({Error}: {Detail}): gave the offline answer")]
        public static partial void ModelFailed(ILogger logger, string error, string detail);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "The assistant's model answered with numbers its sources do not hold ({Numbers}): gave the offline answer")]
        public static partial void ModelInventedNumber(ILogger logger, string numbers);

        [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "The assistant's model answered without any source: treated as not found")]
        public static partial void ModelUncited(ILogger logger);

        [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "The assistant's model returned an empty answer: gave the offline answer")]
        public static partial void ModelEmpty(ILogger logger);

        [LoggerMessage(EventId = 6106, Level = LogLevel.Information, Message = "No knowledge passage answers a question from {PersonId}")]
        public static partial void NotFound(ILogger logger, string personId);
    }
}
