using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using PartnerBot.Knowledge;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>
/// Every personal plugin, called for partner A with arguments that name partner B, returns A's data only: the actor is
/// bound on the server when the plugin is built, and the functions take no parameter that could point elsewhere.
/// </summary>
public sealed class PersonalPluginScopingTests : IDisposable
{
    private readonly TestHost _host = new(services: s =>
    {
        s.AddScoped<IDealFacts>(_ => new OrgFacts("Deals"));
        s.AddScoped<ICommissionFacts>(_ => new OrgFacts("Commission"));
        s.AddScoped<IMdfFacts>(_ => new OrgFacts("MDF"));
    });

    public void Dispose() => _host.Dispose();

    public static TheoryData<string> Plugins() => new(PersonalFactsPlugin.All.Select(p => p.Name));

    private async Task<string> CallAsync(string plugin, string personId, KernelArguments arguments)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var actor = Actor.From(await db.People.SingleAsync(p => p.Id == personId));
        var (name, sourceType, description) = PersonalFactsPlugin.All.Single(p => p.Name == plugin);
        var kernel = new Kernel();
        kernel.Plugins.Add(PersonalFactsPlugin.Create(name, description, actor, db, (IPersonalFactsSource)sp.GetRequiredService(sourceType), new AssistantEvidence()));
        var result = await kernel.InvokeAsync(plugin, "get", arguments);
        return result.GetValue<string>()!;
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public async Task PluginForPartnerA_WithArgumentsNamingPartnerB_ReturnsOnlyA(string plugin)
    {
        var naming = new KernelArguments
        {
            ["partner"] = "borealis",
            ["partnerOrganisationId"] = "borealis",
            ["organisation"] = "Borealis Resale GmbH",
            ["personId"] = "borealis-lena",
            ["query"] = "all partners",
        };

        var asAcme = await CallAsync(plugin, "acme-jane", naming);

        Assert.Contains("Acme Integrations Ltd", asAcme);
        Assert.DoesNotContain("Borealis", asAcme);
        Assert.DoesNotContain("99,999", asAcme);
        Assert.DoesNotContain("Silver", asAcme); // Borealis's tier; Acme is Gold
        // And the other way round: B's own call shows B, so the assertion above is about scoping, not empty data.
        Assert.Contains("Borealis Resale GmbH", await CallAsync(plugin, "borealis-lena", new KernelArguments { ["partner"] = "acme" }));
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public async Task PluginForVendorStaff_ReturnsNoPartnerData_WhateverTheArguments(string plugin)
    {
        var result = await CallAsync(plugin, "rep-maya", new KernelArguments { ["partner"] = "acme" });

        Assert.Equal("The asker is vendor staff, not a partner: there are no personal partner facts for them.", result);
    }

    [Fact]
    public void PersonalFunctions_DeclareNoParameters()
    {
        var actor = new Actor("x", "X", Role.PartnerUser, "acme", new Preferences());
        foreach (var (name, _, description) in PersonalFactsPlugin.All)
        {
            var plugin = PersonalFactsPlugin.Create(name, description, actor, null!, new OrgFacts(name), new AssistantEvidence());
            Assert.Empty(Assert.Single(plugin).Metadata.Parameters);
        }
    }
}
