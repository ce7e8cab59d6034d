using PartnerBot.Conversations;
using PartnerBot.Host.WebChat;
using PartnerBot.Localization;

namespace PartnerBot.Host.Tests.Digests;

/// <summary>The web chat shows the chart's dark picture on a dark screen, and never a URL it would not load.</summary>
public sealed class ChartInWebChatTests
{
    private static readonly WebChatRenderer Renderer = new(new Localizer());

    [Fact]
    public void DarkPicture_IsOfferedForDarkScreens()
    {
        var html = Renderer.Render(new Reply([new ImageBlock("/charts/abc.png", "Chart") { DarkUrl = "/charts/abc.png?theme=dark" }]), "en");
        Assert.Contains("<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"/charts/abc.png?theme=dark\">", html);
        Assert.Contains("<img class=\"chart\" src=\"/charts/abc.png\" alt=\"Chart\"></picture>", html);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/c.png")]
    public void WithoutASafeDarkPicture_ThePictureIsPlain(string? dark)
    {
        var html = Renderer.Render(new Reply([new ImageBlock("/charts/abc.png", "Chart") { DarkUrl = dark }]), "en");
        Assert.DoesNotContain("<picture>", html);
        Assert.DoesNotContain("evil", html);
        Assert.DoesNotContain("javascript", html);
        Assert.Contains("<img class=\"chart\" src=\"/charts/abc.png\" alt=\"Chart\">", html);
    }
}
