using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;

namespace PartnerBot.Knowledge;

public static class KnowledgeRegistration
{
    /// <summary>
    /// The knowledge base and the assistant: ingestion at start, retrieval, the Semantic Kernel assistant and its
    /// plugins, "ask", and the fallback that sends unrecognised sentences to the assistant. The personal facts come
    /// from the capabilities that own them: tiers, deals and commission (AddCommissions) and MDF (AddMdf).
    /// </summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(KnowledgeAssistant.HttpClientName);
        services.AddSingleton<ChatModel>();
        services.AddSingleton<PromptLibrary>();
        services.AddScoped<KnowledgeIngestor>();
        // The glossary sits beside the program's knowledge documents; none there means no expansion.
        services.AddSingleton(sp => KnowledgeGlossary.Load(Path.Combine(
            Storage.DatabaseStartup.ResolveFolder(sp.GetRequiredService<IOptions<Storage.ProgramDataOptions>>().Value.Path), "knowledge")));
        services.AddScoped<KnowledgeRetriever>();
        services.AddScoped<KnowledgeAssistant>();
        services.AddScoped<IFallbackHandler, AssistantFallback>();
        services.AddCommand<AskCommand>();
        services.AddActionHandler<AssistantActionHandler>();
        services.AddScoped<Digests.IDigestSection, AnswerQualityDigestSection>();
        services.AddProgramDataLoader<KnowledgeLoader>();
        return services;
    }
}
