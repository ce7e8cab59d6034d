using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Enablement;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Enablement;

public sealed class ContentSearchTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static List<string> OpenLinks(string html) =>
        Regex.Matches(html, "href=\"(/content/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [Fact]
    public async Task Content_AsBronzePartner_ShowsNoGoldItems()
    {
        var chat = _host.Chat("pioneer-dana");
        var reply = (await chat.SayAsync("content case study"))[^1];

        Assert.Contains("best matches for &quot;case study&quot;", reply.Html);
        Assert.Contains("Case study: a retail chain cut stock-outs by 30%", reply.Html);
        Assert.DoesNotContain("bank-case-study-gold", reply.Html); // Gold-only
        Assert.DoesNotContain("hospital group", reply.Html); // Silver and above
        Assert.Contains("Why: title: case", reply.Html);
        var links = OpenLinks(reply.Html!);
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Contains("p=pioneer-dana", l));
    }

    [Fact]
    public async Task Content_AsGoldPartner_ShowsGoldItems()
    {
        var chat = _host.Chat("acme-jane");
        var reply = (await chat.SayAsync("content regional bank reference"))[^1];
        Assert.Contains("/content/bank-case-study-gold/open?p=acme-jane", reply.Html);

        var bronze = (await _host.Chat("kedai-aisyah").SayAsync("content regional bank reference"))[^1];
        Assert.DoesNotContain("bank-case-study-gold", bronze.Html);
    }

    [Fact]
    public async Task Content_ChineseQuery_FindsChineseItem()
    {
        var reply = (await _host.Chat("lotus-wei").SayAsync("资料 零售客户案例"))[^1];
        Assert.Contains("客户案例：零售连锁企业缺货率降低百分之三十", reply.Html);
    }

    [Fact]
    public async Task Content_OnlyStopWords_ClearMessage_NothingStored()
    {
        var before = await _host.WithDbAsync(db => db.AuditLog.CountAsync());
        var reply = (await _host.Chat("acme-jane").SayAsync("content what is the"))[^1];
        Assert.Contains("Those are only common words, so there&#x27;s nothing to search for.", reply.Html);
        Assert.Equal(before, await _host.WithDbAsync(db => db.AuditLog.CountAsync()));
    }

    [Fact]
    public async Task Content_TwoThousandCharacters_ClearMessage()
    {
        var reply = (await _host.Chat("acme-jane").SayAsync("content " + new string('x', 2000)))[^1];
        Assert.Contains("That search is too long: I read up to 300 characters.", reply.Html);
        Assert.Equal(0, await _host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }

    [Fact]
    public async Task Content_FilterForm_FiltersByTypeAndLanguage()
    {
        var chat = _host.Chat("wisla-piotr");
        var form = (await chat.SayAsync("content"))[^1].Html!;
        Assert.Contains("Znajdź materiały", form); // Piotr reads Polish
        var data = WebChatClient.ActionData(form, "dialog.submit");
        data["words"] = "";
        data["type"] = "roi-calculator";
        data["language"] = "pl";
        var reply = (await chat.ActAsync("dialog.submit", data))[^1];
        Assert.Contains("Kalkulator zwrotu z inwestycji dla Northwind Connect", reply.Html);
        Assert.DoesNotContain("Analytics ROI calculator", reply.Html);
    }

    [Fact]
    public async Task FilterForm_StopWordsOnly_KeepsFormOpenWithFieldError()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("content"))[^1].Html!;
        var data = WebChatClient.ActionData(form, "dialog.submit");
        data["words"] = "the and of";
        var reply = (await chat.ActAsync("dialog.submit", data))[^1];
        Assert.Contains("Those are only common words", reply.Html);
        Assert.Equal(1, await _host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }

    [Fact]
    public async Task OpenLink_RecordsOpen_AndRedirects_ForgedLinkRefused()
    {
        var reply = (await _host.Chat("acme-jane").SayAsync("content roi calculator"))[^1];
        var link = OpenLinks(reply.Html!)[0];
        var http = _host.CreateClient(new() { AllowAutoRedirect = false });

        var ok = await http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.StartsWith("https://partners.northwind.example/", ok.Headers.Location!.ToString());
        var opens = await _host.WithDbAsync(db => db.ContentOpens.AsNoTracking().ToListAsync());
        var open = Assert.Single(opens);
        Assert.Equal("acme-jane", open.PersonId);
        Assert.Equal("acme", open.OrganisationId);
        Assert.Equal(TestHost.DefaultNow, open.OpenedAt);
        var usage = await _host.WithDbAsync(db => ContentOpens.UsageSinceAsync(db, TestHost.DefaultNow.AddDays(-30), default));
        Assert.Equal(new ContentOpens.MaterialUsage(1, 6, 16.7m), usage);

        // The same token for someone else: refused, nothing recorded.
        var forged = await http.GetAsync(link.Replace("p=acme-jane", "p=kedai-aisyah", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("This link is not valid.", await forged.Content.ReadAsStringAsync());
        var noToken = await http.GetAsync("/content/analytics-roi-calculator/open?p=acme-jane");
        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Single(await _host.WithDbAsync(db => db.ContentOpens.AsNoTracking().ToListAsync()));
    }

    [Fact]
    public async Task OpenLink_GoldItemForBronzePartner_Refused()
    {
        var links = _host.Services.GetRequiredService<ContentLinks>();
        var http = _host.CreateClient(new() { AllowAutoRedirect = false });
        var r = await http.GetAsync(links.OpenUrl("bank-case-study-gold", "kedai-aisyah"));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains("Your partner tier does not include this item.", await r.Content.ReadAsStringAsync());
        var missing = await http.GetAsync(links.OpenUrl("no-such-item", "kedai-aisyah"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task WhatsNew_ShowsRecentItems_ThenNothingUntilMoreAreAdded()
    {
        var chat = _host.Chat("acme-jane");
        var first = (await chat.SayAsync("what's new"))[^1];
        Assert.Contains("Discount approval playbook for large deals", first.Html); // added 5 days ago, Gold
        Assert.DoesNotContain("Platinum joint business planning kit", first.Html); // Platinum only

        _host.Clock.Advance(TimeSpan.FromHours(1));
        var second = (await chat.SayAsync("what's new"))[^1];
        Assert.Contains("Nothing new since", second.Html);
        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        await _host.WithDbAsync(async db =>
        {
            db.ContentItems.Add(new ContentItem
            {
                Id = "fresh-deck", Title = "Fresh partner deck", Summary = "New.", Type = "deck", Product = "platform", Stage = "discovery",
                Language = "en", MinTier = "Bronze", Url = "https://partners.northwind.example/fresh", AddedAt = _host.Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });
        _host.Clock.Advance(TimeSpan.FromHours(1));
        var third = (await chat.SayAsync("what's new"))[^1];
        Assert.Contains("1 new since", third.Html);
        Assert.Contains("Fresh partner deck", third.Html);
    }

    [Fact]
    public async Task Certify_ByOwningRep_CountsTowardTier_OtherRepRefused()
    {
        var before = await _host.WithDbAsync(db => Certifications.ForOrganisationAsync(db, "kedai", new DateOnly(2026, 11, 23), default));
        Assert.Equal(new CertificationCounts(1, 0), before);

        var maya = (await _host.Chat("rep-maya").SayAsync("certify kedai-aisyah technical-certification"))[^1];
        Assert.Contains("I don&#x27;t know &quot;kedai-aisyah&quot; among the partners you look after.", maya.Html);

        var arjun = (await _host.Chat("rep-arjun").SayAsync("certify kedai-aisyah technical-certification"))[^1];
        Assert.Contains("Recorded: Nur Aisyah Rahman passed &quot;Certified Connect Implementation Engineer exam&quot;", arjun.Html);
        var after = await _host.WithDbAsync(db => Certifications.ForOrganisationAsync(db, "kedai", new DateOnly(2026, 11, 23), default));
        Assert.Equal(new CertificationCounts(1, 1), after);
        Assert.True(await _host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == "Certification" && a.ActorId == "rep-arjun")));

        var partner = await _host.Chat("pioneer-dana").SayAsync("certify pioneer-dana sales-certification");
        Assert.Contains(partner, m => m.Html?.Contains("That isn&#x27;t available for your role.", StringComparison.Ordinal) == true);
        Assert.Equal(0, await _host.WithDbAsync(db => db.Certifications.CountAsync(c => c.PersonId == "pioneer-dana")));
    }

    [Fact]
    public async Task ImportedCertifications_ExpiredOnesDoNotCount()
    {
        var counts = await _host.WithDbAsync(db => Certifications.ForAllAsync(db, new DateOnly(2026, 11, 23), default));
        Assert.Equal(new CertificationCounts(2, 1), counts["acme"]);
        Assert.False(counts.ContainsKey("lotus")); // certified 800 days ago, valid 24 months
    }

    [Fact]
    public async Task CertifyForm_ListsOnlyTheRepsPartners_AndRecords()
    {
        var arjun = _host.Chat("rep-arjun");
        var form = (await arjun.SayAsync("certify"))[^1].Html!;
        Assert.Contains("value=\"kedai-aisyah\"", form);
        Assert.DoesNotContain("value=\"acme-jane\"", form); // Maya's partner

        var data = WebChatClient.ActionData(form, "dialog.submit");
        data["person"] = "acme-jane";
        data["course"] = "sales-certification";
        data["date"] = "2026-12-01";
        var reply = (await arjun.ActAsync("dialog.submit", data))[^1].Html!;
        Assert.Contains("Pick a person from your partners.", reply);
        Assert.Contains("A certification can&#x27;t be passed in the future.", reply);

        data["person"] = "pioneer-dana";
        data["date"] = "2026-11-20";
        reply = (await arjun.ActAsync("dialog.submit", data))[^1].Html!;
        Assert.Contains("Recorded: Dana Brooks passed", reply);
        var cert = await _host.WithDbAsync(db => db.Certifications.AsNoTracking().SingleAsync(c => c.PersonId == "pioneer-dana"));
        Assert.Equal((new DateOnly(2026, 11, 20), new DateOnly(2028, 11, 20), "rep", "rep-arjun"), (cert.CertifiedOn, cert.ExpiresOn, cert.Source, cert.RecordedById));
    }
}
