using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerBot.Testing;
using static Microsoft.Playwright.Assertions;

namespace PartnerBot.Host.Tests;

/// <summary>The web chat in real headless Chromium, as a person would use it.</summary>
public sealed class BrowserTests
{
    [PeerFact("chromium")]
    public async Task WebChat_PartnerChangesTimeZone_AndItIsKeptAfterAReload()
    {
        using var host = new TestHost();
        host.UseKestrel(0); // a real socket on loopback: the browser needs one
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Peers.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add($"{m.Type}: {m.Text}");
        page.PageError += (_, e) => console.Add($"page error: {e}");
        await page.GotoAsync(address);
        try
        {
            await RunAsync(page, host);
        }
        catch (PlaywrightException ex)
        {
            Directory.CreateDirectory(Path.Combine(Peers.RepositoryRoot, "artifacts"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Peers.RepositoryRoot, "artifacts", "webchat-failure.png") });
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nBrowser console:\n{string.Join('\n', console)}");
        }
    }

    /// <summary>
    /// A manager's digest at a desktop's, a chat pane's and a phone's width: nothing runs off its card or the page, and
    /// on a dark screen the chart is the dark picture.
    /// </summary>
    [PeerFact("chromium")]
    public async Task WebChat_Digest_FitsEveryWidth_AndTheChartFollowsTheTheme()
    {
        using var host = new TestHost();
        host.UseKestrel(0);
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Peers.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await browser.NewPageAsync(new() { ColorScheme = scheme, ViewportSize = new() { Width = 1280, Height = 900 } });
            await page.GotoAsync(address);
            await page.SelectOptionAsync("#who", "mgr-helena");
            await page.FillAsync("#text", "digest");
            await page.PressAsync("#text", "Enter");
            var digest = page.Locator(".msg").Last;
            await Expect(digest).ToContainTextAsync("Decisions waiting");
            var chart = digest.Locator("img.chart");
            await Expect(chart).ToHaveCountAsync(1);
            // The page's media says the scheme asked for, and the picture follows it. currentSrc is empty until the browser
            // has picked the picture's source, and on a busy machine the pick may first be made before the emulated scheme
            // applies (the picture picks again when the media changes): wait for the right picture, up to the
            // timeout, and name what was shown when it never comes.
            var dark = scheme == ColorScheme.Dark;
            Assert.Equal(dark, await page.EvaluateAsync<bool>("() => matchMedia('(prefers-color-scheme: dark)').matches"));
            try
            {
                await page.WaitForFunctionAsync(
                    "dark => { const i = [...document.querySelectorAll('.msg img.chart')].pop(); return !!i && i.currentSrc !== '' && i.currentSrc.endsWith('?theme=dark') === dark; }",
                    dark, new() { Timeout = 15_000 });
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{scheme}: the chart shows {await chart.EvaluateAsync<string>("i => i.currentSrc")}");
            }

            foreach (var width in new[] { 1280, 600, 375 })
            {
                await page.SetViewportSizeAsync(width, 900);
                var overflow = await digest.EvaluateAsync<string[]>(@"m => {
                    const out = [];
                    const right = m.getBoundingClientRect().right + 1;
                    for (const e of [m, ...m.querySelectorAll('*')]) {
                        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0) out.push('wider than itself: ' + e.tagName + ' ' + e.textContent.slice(0, 40));
                        if (e.getBoundingClientRect().right > right) out.push('past the card: ' + e.tagName + ' ' + e.textContent.slice(0, 40));
                    }
                    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('the page scrolls sideways');
                    return out;
                }");
                Assert.True(overflow.Length == 0, $"{scheme} at {width} px:\n" + string.Join('\n', overflow));
            }
            Directory.CreateDirectory(Path.Combine(Peers.RepositoryRoot, "artifacts"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Peers.RepositoryRoot, "artifacts", $"digest-375-{scheme}.png".ToLowerInvariant()), FullPage = true });
            await page.CloseAsync();
        }
    }

    private static async Task RunAsync(IPage page, TestHost host)
    {

        // Pick a partner user.
        await page.SelectOptionAsync("#who", "wisla-piotr");
        await Expect(page.Locator("#who-detail")).ToHaveTextAsync("Partner user at Wisła Systemy Sp. z o.o.");

        // help → the menu, in Piotr's language.
        await page.FillAsync("#text", "help");
        await page.PressAsync("#text", "Enter");
        var menu = page.Locator(".msg").Last;
        await Expect(menu).ToContainTextAsync("Cześć Piotr Nowak! Oto, co mogę zrobić dla Ciebie i Twojej firmy:");

        // The menu lists settings; open it as the menu says.
        await Expect(menu).ToContainTextAsync("Twój język, strefa czasowa, podsumowania i przypomnienia");
        await Expect(menu.Locator(".actions button").First).ToBeVisibleAsync();
        await page.FillAsync("#text", "ustawienia");
        await page.PressAsync("#text", "Enter");
        var form = page.Locator("form.pb-form").Last;
        await Expect(form).ToContainTextAsync("Twoje ustawienia");
        await Expect(form.GetByLabel("Strefa czasowa")).ToHaveValueAsync("Europe/Warsaw");

        // A time zone that doesn't exist is refused on the field, with examples.
        await form.GetByLabel("Strefa czasowa").FillAsync("Europe/Atlantis");
        await form.GetByRole(AriaRole.Button, new() { Name = "Zapisz" }).ClickAsync();
        var corrected = page.Locator("form.pb-form").Last;
        await Expect(corrected.Locator(".field-error")).ToContainTextAsync("„Europe/Atlantis” to nie jest znana mi strefa czasowa.");

        await corrected.GetByLabel("Strefa czasowa").FillAsync("Asia/Tokyo");
        await corrected.GetByRole(AriaRole.Button, new() { Name = "Zapisz" }).ClickAsync();
        await Expect(page.Locator(".msg").Last).ToContainTextAsync("Zapisano. Oto Twoje ustawienia:");
        await Expect(page.Locator(".msg").Last).ToContainTextAsync("Asia/Tokyo");

        // After a reload: the same person, the conversation, and the setting kept.
        await page.ReloadAsync();
        await Expect(page.Locator("#who")).ToHaveValueAsync("wisla-piotr");
        await Expect(page.Locator(".msg").Last).ToContainTextAsync("Asia/Tokyo");
        await page.FillAsync("#text", "ustawienia");
        await page.PressAsync("#text", "Enter");
        await Expect(page.Locator("form.pb-form").Last.GetByLabel("Strefa czasowa")).ToHaveValueAsync("Asia/Tokyo");

        Directory.CreateDirectory(Path.Combine(Peers.RepositoryRoot, "artifacts"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Peers.RepositoryRoot, "artifacts", "webchat.png"), FullPage = false });
        Assert.Equal("Asia/Tokyo", await host.WithDbAsync(db =>
            db.People.AsNoTracking().Where(p => p.Id == "wisla-piotr").Select(p => p.Preferences.TimeZone).SingleAsync()));
    }
}
