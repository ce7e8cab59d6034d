using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Enablement;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Enablement;

/// <summary>The relevance set: each query must bring its item into the top 3 (on the real FTS5 index of the demo catalog).</summary>
public sealed class SearchRelevanceTests(SearchRelevanceTests.Fixture fixture) : IClassFixture<SearchRelevanceTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public TestHost Host { get; } = new();
        public void Dispose() => Host.Dispose();
    }

    public static TheoryData<string, string, string> Queries => new()
    {
        // query, person's language, item that must be in the top 3
        { "roi calculator analytics", "en", "analytics-roi-calculator" },
        { "total cost of ownership", "en", "connect-tco-calculator" },
        { "retail stock-outs case study", "en", "retail-case-study" },
        { "SAP Shopify integration story", "en", "manufacturing-case-study" },
        { "HIPAA audit hospital", "en", "healthcare-case-study" },
        { "contoso comparison", "en", "vs-contoso-comparison" },
        { "fabrikam ipaas battlecard", "en", "vs-fabrikam-comparison" },
        { "discovery questions call", "en", "discovery-call-script" },
        { "objections pricing too expensive", "en", "objection-handling-script" },
        { "webinar invitation email", "en", "webinar-invite-email" },
        { "cold outreach emails", "en", "cold-outreach-email" },
        { "renewal upsell", "en", "renewal-email" },
        { "first meeting pitch deck", "en", "platform-pitch-deck" },
        { "architecture deep dive warehouse", "en", "analytics-technical-deck" },
        { "sales certification exam", "en", "sales-certification" },
        { "implementation engineer certification", "en", "technical-certification" },
        { "zero trust single sign-on", "en", "secure-one-pager" },
        { "roadmap executive briefing", "en", "gold-executive-briefing-deck" },
        { "quarterly business review planning", "en", "platinum-co-sell-kit" },
        { "discount approval large deals", "en", "pricing-negotiation-gold" },
        { "kajian kes logistik", "ms", "ms-case-study-logistics" },
        { "templat emel", "ms", "ms-email-template" },
        { "kursus jualan", "ms", "ms-sales-training" },
        { "kalkulator roi", "pl", "pl-roi-calculator" },
        { "scenariusz rozmowy pytania", "pl", "pl-call-script" },
        { "szkolenie wdrożeniowe", "pl", "pl-certification-course" },
        { "bezpieczeństwo logowanie", "pl", "pl-one-pager-secure" },
        { "零售客户案例", "zh-Hans", "zh-case-study-retail" },
        { "投资回报率计算器", "zh-Hans", "zh-roi-calculator" },
        { "竞争对手对比", "zh-Hans", "zh-competitor-comparison" },
        { "演示文稿", "zh-Hans", "zh-platform-deck" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Query_FindsItsItemInTopThree(string query, string language, string expected)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<ContentSearch>();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        // A manager sees every tier, so the set measures ranking, not gating.
        var actor = new Actor("mgr-test", "Test", Role.Manager, null, new Preferences { Language = language });

        var result = await search.SearchAsync(db, actor, new ContentQuery(query), default);

        var top = result.Hits.Take(3).Select(h => h.Item.Id).ToList();
        Assert.True(top.Contains(expected), $"'{query}' ({language}): expected {expected} in the top 3, got [{string.Join(", ", top)}]");
    }

    [Theory]
    [InlineData("en", "analytics-roi-calculator")]
    [InlineData("pl", "pl-roi-calculator")]
    public async Task SameQuery_PrefersThePersonsLanguage(string language, string first)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<ContentSearch>();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var actor = new Actor("mgr-test", "Test", Role.Manager, null, new Preferences { Language = language });

        var result = await search.SearchAsync(db, actor, new ContentQuery("roi"), default);

        Assert.Equal(first, result.Hits[0].Item.Id);
        Assert.Contains(result.Hits, h => h.Item.Language != language); // other languages still come, after
    }
}
