using System.ComponentModel.DataAnnotations;

namespace PartnerBot.Knowledge;

/// <summary>
/// The assistant (section "Assistant"). With no <see cref="Model"/> it runs offline: it quotes the best passages.
/// With a model it talks to OpenAI, Azure OpenAI (an endpoint on *.openai.azure.com; Model is the deployment) or any
/// OpenAI-compatible server such as Ollama or vLLM (Endpoint = its /v1 base address).
/// </summary>
public sealed class AssistantOptions : IValidatableObject
{
    public const string Section = "Assistant";

    /// <summary>Base address of the chat API; empty means api.openai.com.</summary>
    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>The model (or Azure deployment). Empty: no model, offline answers.</summary>
    public string? Model { get; set; }
    /// <summary>How long one answer from the model may take before the offline answer is given instead.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Assistant:Timeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
    /// <summary>Folder of the prompt templates; relative paths are looked up beside the application.</summary>
    public string PromptsPath { get; set; } = "prompts";
    /// <summary>How many passages a search returns.</summary>
    [Range(1, 20, ErrorMessage = "Assistant:TopK must be between 1 and 20.")]
    public int TopK { get; set; } = 3;
    /// <summary>
    /// The score (BM25 × coverage, higher is better) below which a passage does not count as an answer. Set from the
    /// tuning part of the evaluation set (tests/PartnerBot.Core.Tests/Knowledge/eval): every floor from 0 to 2 answers
    /// and declines the same; above 2 right answers start to be declined.
    /// </summary>
    [Range(0.0, 1000.0, ErrorMessage = "Assistant:MinScore must be between 0 and 1000.")]
    public double MinScore { get; set; } = 1.0;
    /// <summary>
    /// The share of a question's terms (0–1) a passage must contain to count as an answer. Set from the tuning part of
    /// the evaluation set (1,798 questions): at 0.30 out-of-scope questions are answered (69–83% declined); just above
    /// 0.5 right answers are declined (91–95% covered at 0.51: a passage holding one word of a two-word question, two
    /// of four, is often the answer); 0.45 to 0.50 answer and decline the same, and 0.5 is the top of that range.
    /// A passage holding every program word of a question (two or more), or all but one of three or more, answers at
    /// half of it (KnowledgeRetriever).
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Assistant:MinCoverage must be between 0 and 1.")]
    public double MinCoverage { get; set; } = 0.5;
    /// <summary>Longer questions are cut to this many characters, and the asker is told.</summary>
    [Range(20, 4000, ErrorMessage = "Assistant:MaxQuestionLength must be between 20 and 4000.")]
    public int MaxQuestionLength { get; set; } = 1000;

    public bool HasModel => !string.IsNullOrWhiteSpace(Model);

    public bool IsAzure => Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && uri.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Endpoint) &&
            !(Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            yield return new ValidationResult("Assistant:Endpoint must be an absolute http(s) URL, such as http://localhost:11434/v1 for Ollama.", [nameof(Endpoint)]);
        if (HasModel && string.IsNullOrWhiteSpace(ApiKey) && (string.IsNullOrWhiteSpace(Endpoint) || IsAzure))
            yield return new ValidationResult("Assistant:ApiKey is required for OpenAI and Azure OpenAI (only a local server such as Ollama or vLLM may go without).", [nameof(ApiKey)]);
    }
}
