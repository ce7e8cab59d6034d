using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace PartnerBot.Knowledge;

/// <summary>
/// The configured language model (Assistant:Endpoint, ApiKey, Model): one place that knows how to reach OpenAI, Azure
/// OpenAI or any OpenAI-compatible server. The assistant and the deal extractor both build their kernels here.
/// </summary>
public sealed class ChatModel(IOptions<AssistantOptions> options, IHttpClientFactory httpClients)
{
    public bool IsConfigured => options.Value.HasModel;
    public TimeSpan Timeout => options.Value.Timeout;

    /// <summary>A kernel with the chat connector and nothing else; the caller adds its own plugins.</summary>
    public Kernel CreateKernel()
    {
        var o = options.Value;
        var http = httpClients.CreateClient(KnowledgeAssistant.HttpClientName);
        http.Timeout = o.Timeout + TimeSpan.FromSeconds(1);
        var builder = Kernel.CreateBuilder();
        var apiKey = string.IsNullOrWhiteSpace(o.ApiKey) ? "not-needed" : o.ApiKey;
        if (o.IsAzure)
        {
            builder.AddAzureOpenAIChatCompletion(o.Model!, o.Endpoint!, apiKey, httpClient: http);
        }
        else
        {
            if (o.Endpoint is { Length: > 0 } custom) http.BaseAddress = new Uri(custom);
            builder.AddOpenAIChatCompletion(o.Model!, apiKey, httpClient: http);
        }
        return builder.Build();
    }
}
