using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PartnerBot.Knowledge;
using PartnerBot.Observability;

namespace PartnerBot.Deals;

/// <summary>
/// With a language model configured, the model reads the deal out of the sentence as a JSON object (structured
/// output); with none, or when it fails, times out or answers nonsense, our own parser does. Either way the result is
/// only a draft that pre-fills the form, which validates it by the same rules as anything typed.
/// </summary>
public sealed partial class ModelDealTextExtractor(ChatModel model, PromptLibrary prompts, ILogger<ModelDealTextExtractor> logger) : IDealTextExtractor
{
    private static readonly RuleBasedDealTextExtractor Rules = new();

    public async Task<DealDraft> ExtractAsync(string text, ExtractionContext context, CancellationToken ct)
    {
        if (!model.IsConfigured) return await Rules.ExtractAsync(text, context, ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(model.Timeout);
            var chat = model.CreateKernel().GetRequiredService<IChatCompletionService>();
            var history = new ChatHistory();
            history.AddSystemMessage(prompts.Render("deal-extraction", new Dictionary<string, string>
            {
                ["today"] = Localization.LocaleFormat.IsoDate(context.Today),
                ["weekday"] = context.Today.DayOfWeek.ToString(),
            }));
            history.AddUserMessage(text);
            var settings = new OpenAIPromptExecutionSettings { ResponseFormat = "json_object", Temperature = 0 };
            var answer = await Telemetry.MeasureModelAsync(Telemetry.ModelPurposes.DealExtraction,
                () => chat.GetChatMessageContentAsync(history, settings, cancellationToken: timeout.Token), ct);
            var draft = Parse(answer.Content);
            if (draft?.Company is { Length: > 0 }) return draft;
            Log.Unusable(logger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.Failed(logger, ex.GetType().Name, ex.Message);
        }
        return await Rules.ExtractAsync(text, context, ct);
    }

    /// <summary>Takes what fits the draft's types; anything else is left empty for the person to fill in.</summary>
    public static DealDraft? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object) return null;
            string? S(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s.Trim() : null;
            decimal? amount = r.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDecimal(out var d) ? d : null;
            DateOnly? close = S("closeDate") is { } c && Localization.LocaleFormat.TryParseIsoDate(c, out var day) ? day : null;
            var currency = S("currency")?.ToUpperInvariant();
            return new DealDraft
            {
                Company = S("company"), Website = S("website"), ContactName = S("contactName"), ContactEmail = S("contactEmail"),
                CloseDate = close, Amount = amount, Currency = currency is { Length: 3 } ? currency : null,
                Product = S("product"), Notes = S("notes"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8511, Level = LogLevel.Warning, Message = "The model's deal extraction failed ({Kind}: {Reason}); our own parser pre-filled the form")]
        public static partial void Failed(ILogger logger, string kind, string reason);

        [LoggerMessage(EventId = 8512, Level = LogLevel.Warning, Message = "The model's deal extraction named no company; our own parser pre-filled the form")]
        public static partial void Unusable(ILogger logger);
    }
}
