using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Conversations;

namespace PartnerBot.Knowledge;

public static class KnowledgeRegistration
{
    /// <summary>
    /// The knowledge base and the assistant: ingestion at start, retrieval, the Semantic Kernel assistant and its
    /// plugins, "ask", and the fallback that sends unrecognised sentences to the assistant. The personal-facts sources
    /// are defaults (TryAdd): the tiers, deals, commissions and MDF capabilities replace them with their own.
    /// </summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(KnowledgeAssistant.HttpClientName);
        services.AddSingleton<ChatModel>();
        // With a model configured, the model pre-fills the deal form from a sentence; our own parser otherwise.
        services.RemoveAll<Deals.IDealTextExtractor>();
        services.AddSingleton<Deals.IDealTextExtractor, Deals.ModelDealTextExtractor>();
        services.AddSingleton<PromptLibrary>();
        services.AddScoped<KnowledgeIngestor>();
        services.AddScoped<KnowledgeRetriever>();
        services.AddScoped<KnowledgeAssistant>();
        // Tier, deal and commission facts come from AddCommissions (the services that own those numbers).
        services.TryAddScoped<IMdfFacts, NoMdfFacts>();
        services.AddSingleton<IFallbackHandler, AssistantFallback>();
        services.AddCommand<AskCommand>();
        services.AddActionHandler<AssistantActionHandler>();
        services.AddProgramDataLoader<KnowledgeLoader>();
        return services;
    }
}
