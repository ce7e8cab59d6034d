using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Localization;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>Issue 18, point 4: the web chat's privacy marker and composer are in the person's own language.</summary>
public sealed class Issue18EveryWordTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("acme-jane", "org-acme", "my deals", "Only you can see this", "Send")]
    [InlineData("kedai-aisyah", "org-kedai", "urusan saya", "Hanya anda boleh melihat ini", "Hantar")]
    [InlineData("lotus-wei", "org-lotus", "我的商机", "仅你可见", "发送")]
    [InlineData("wisla-piotr", "org-wisla", "moje transakcje", "Widoczne tylko dla Ciebie", "Wyślij")]
    public async Task Issue18_PrivacyMarkerAndComposer_InThePersonsLanguage(string person, string room, string said, string marker, string send)
    {
        var language = person switch { "kedai-aisyah" => "ms", "lotus-wei" => "zh-Hans", "wisla-piotr" => "pl", _ => "en" };
        var chat = _host.Chat(person, room);
        var answer = await chat.SayAsync(said);
        Assert.Contains(answer, m => m.Private && m.AuthorId is null);

        using var page = JsonDocument.Parse(await chat.Http.GetStringAsync(
            $"/api/webchat/conversations/{Uri.EscapeDataString(room)}/messages?as={Uri.EscapeDataString(person)}"));
        var words = page.RootElement.GetProperty("words");
        Assert.Equal(marker, words.GetProperty("private").GetString());
        Assert.Equal(send, words.GetProperty("send").GetString());
        // The composer's hint names "help" in the person's own words, which the router understands.
        var placeholder = words.GetProperty("placeholder").GetString()!;
        var help = placeholder[(placeholder.IndexOfAny(['“', '„']) + 1)..placeholder.LastIndexOf('”')];
        var localizer = _host.Services.GetRequiredService<Localizer>();
        Assert.Equal(localizer.Say(language, "help"), help);
    }

    [Fact]
    public async Task Issue18_WebChatScript_WritesNoEnglishMarkerOfItsOwn()
    {
        var script = await _host.CreateClient().GetStringAsync("/app.js");
        Assert.DoesNotContain("Only you can see this", script, StringComparison.Ordinal);
        Assert.Contains("state.words.private", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue18_LanguageChangedInSettings_MarkerFollows()
    {
        await _host.WithDbAsync(async db =>
        {
            (await db.People.FindAsync("acme-jane"))!.Preferences.Language = "pl";
            return await db.SaveChangesAsync();
        });
        var chat = _host.Chat("acme-jane", "org-acme");
        var r = await chat.Http.PostAsJsonAsync("/api/webchat/conversations/org-acme/messages?as=acme-jane", new { text = "moje transakcje" });
        using var page = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("Widoczne tylko dla Ciebie", page.RootElement.GetProperty("words").GetProperty("private").GetString());
    }
}
