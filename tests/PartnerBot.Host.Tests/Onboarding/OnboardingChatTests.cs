using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Enablement;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Onboarding;

/// <summary>
/// Issue 17, point 1, through the web chat. Every demo partner has its country and domain, a sales certification
/// (recorded or imported), a registration and closed deals (imported), and nobody has opened any material yet
/// (samples/demo-program): each stands at 4 of 5 steps, "First material opened" missing.
/// </summary>
public sealed class OnboardingChatTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("acme-jane", "onboarding", "Acme Integrations Ltd: onboarding, 4 of 5 steps done", "Next step: First material opened.")]
    [InlineData("kedai-aisyah", "orientasi saya", "Kedai Awan Sdn Bhd: orientasi, 4 daripada 5 langkah selesai", "Langkah seterusnya: Bahan pertama dibuka.")]
    [InlineData("lotus-wei", "入门清单", "Lotus Cloud Partners 有限公司：入门进度，已完成 4/5 步", "下一步：首次打开资料。")]
    [InlineData("wisla-piotr", "pierwsze kroki", "Wisła Systemy Sp. z o.o.: wdrożenie, ukończone kroki: 4 z 5", "Następny krok: Pierwszy otwarty materiał.")]
    public async Task Partner_SeesTheirChecklist_InTheirLanguage(string person, string words, string title, string next)
    {
        var text = DealTestKit.ReadAll(await _host.Chat(person).SayAsync(words));
        Assert.Contains(title, text);
        Assert.Contains(next, text);
    }

    [Fact]
    public async Task OpeningMaterial_CompletesTheStep_AsEnablementRecordsIt()
    {
        var jane = _host.Chat("acme-jane");
        var before = DealTestKit.ReadAll(await jane.SayAsync("my onboarding"));
        Assert.Contains("First material opened ✗ to do: open a deck or case study (\"content\")", before);

        // The open is recorded by enablement's own link, as a partner's click records it.
        var links = _host.Services.GetRequiredService<ContentLinks>();
        var http = _host.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync(links.OpenUrl("platform-pitch-deck", "acme-tom"))).StatusCode);

        var after = DealTestKit.ReadAll(await jane.SayAsync("onboarding"));
        Assert.Contains("Acme Integrations Ltd: onboarding, 5 of 5 steps done", after);
        Assert.Contains("First material opened ✓ done 23 Nov 2026", after);
        Assert.Contains("Every step is done.", after);
        // Another organisation's journey is untouched by Acme's open.
        Assert.Contains("4 of 5 steps done", DealTestKit.ReadAll(await _host.Chat("borealis-lena").SayAsync("onboarding")));
    }

    [Theory]
    [InlineData("onboarding borealis")]
    [InlineData("onboarding lotus")]
    [InlineData("onboarding ' OR 1=1 --")]
    public async Task Partner_NamingAnotherPartner_SeesOnlyTheirOwn(string words)
    {
        var text = DealTestKit.ReadAll(await _host.Chat("acme-jane").SayAsync(words));
        Assert.Contains("Acme Integrations Ltd: onboarding", text);
        Assert.DoesNotContain("Borealis", text);
        Assert.DoesNotContain("Lotus", text);
    }

    [Fact]
    public async Task Rep_SeesTheirPartnersOnly_AndNoOtherRepsPartner()
    {
        var maya = DealTestKit.ReadAll(await _host.Chat("rep-maya").SayAsync("onboarding"));
        Assert.Contains("Onboarding of the partners you can see (3)", maya);
        foreach (var name in new[] { "Acme Integrations Ltd", "Borealis Resale GmbH", "Wisła Systemy Sp. z o.o." })
            Assert.Contains($"{name} 4 of 5 steps · next: First material opened", maya);
        Assert.DoesNotContain("Kedai", maya);

        var arjun = DealTestKit.ReadAll(await _host.Chat("rep-arjun").SayAsync("onboarding acme"));
        Assert.Contains("No partner \"acme\" among the partners you can see.", arjun);
        Assert.DoesNotContain("Acme Integrations", arjun);

        var manager = DealTestKit.ReadAll(await _host.Chat("mgr-helena").SayAsync("onboarding KEDAI"));
        Assert.Contains("Kedai Awan Sdn Bhd: onboarding, 4 of 5 steps done", manager);
    }

    [Fact]
    public async Task HostileArguments_AreANotFound_NeverAnError()
    {
        var helena = _host.Chat("mgr-helena");
        foreach (var words in new[] { "onboarding ' OR 1=1 --", "onboarding " + new string('x', 300), "onboarding %00<script>", "入门 不存在" })
            Assert.Contains("among the partners you can see", DealTestKit.ReadAll(await helena.SayAsync(words)));
    }
}
