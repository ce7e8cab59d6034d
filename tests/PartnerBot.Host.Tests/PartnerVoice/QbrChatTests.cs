using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Mdf;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.PartnerVoice;

/// <summary>
/// Issue 17, point 5: the QBR pack through the web chat, on an organisation of our own worked out by hand. Now is
/// 23 Nov 2026, so "this quarter" is Q4 2026 (1 Oct to 31 Dec, UTC days).
/// <list type="bullet">
/// <item>Registered in Q4: Q1 (approved), Q2 (rejected), Q3 (in review), Q5 (won since), Q6 (lost since): 5, of which 3
/// approved. Q4 was registered in September and Q7 won on 30 Sep 23:00 UTC: neither was registered in Q4.</item>
/// <item>Closed in Q4: Q4 won 40,000 USD, Q5 won 3,500 EUR, Q6 lost; Q7 closed in Q3. Partner-sourced revenue:
/// 40,000 + 3,500 × 1.08 = 43,780 USD.</item>
/// <item>Commission lines won in Q4: 4,000 USD paid, 350 EUR pending, 600 USD clawed back (not counted): 2 deals,
/// earned 4,000 USD · 350 EUR, paid 4,000 USD.</item>
/// <item>MDF: the Q4 fund of 10,000 USD; plans: 2,000 approved, 3,000 approved with 2,800 claimed and reimbursed,
/// 1,500 submitted (not approved): approved 5,000, claimed 2,800, reimbursed 2,800. A Q3 fund is not counted.</item>
/// <item>Certifications in Q4: two by one person (15 Oct, 1 Nov); one in June does not count: 2, by 1 person.</item>
/// <item>Onboarding: profile, sales certification (June), registration and first deal done, no material opened: 4 of
/// 5 steps, next "First material opened".</item>
/// </list>
/// </summary>
public sealed class QbrChatTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static DateTimeOffset At(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private Task SeedAsync(string name = "Quince & Co") => _host.WithDbAsync(db =>
    {
        db.PartnerOrganisations.Add(new PartnerOrganisation
        {
            Id = "o-quince", Name = name, Tier = "Silver", JoinedOn = new DateOnly(2026, 1, 10), Country = "GB", Domain = "quince.example",
            OwnerRepId = "rep-maya",
        });
        db.People.AddRange(
            new Person { Id = "q-ann", DisplayName = "Ann Quince", Role = Role.PartnerUser, PartnerOrganisationId = "o-quince" },
            new Person { Id = "q-bob", DisplayName = "Bob Quince", Role = Role.PartnerUser, PartnerOrganisationId = "o-quince" });
        db.DealRegistrations.AddRange(
            Deal("DR-Q1", DealStatus.Approved, At(10, 5)),
            Deal("DR-Q2", DealStatus.Rejected, At(10, 12)),
            Deal("DR-Q3", DealStatus.InReview, At(11, 2)),
            Deal("DR-Q4", DealStatus.ClosedWon, At(9, 1), At(10, 20), 40000m),
            Deal("DR-Q5", DealStatus.ClosedWon, At(10, 1), At(11, 10), 3500m, "EUR"),
            Deal("DR-Q6", DealStatus.ClosedLost, At(10, 3), At(11, 15)),
            Deal("DR-Q7", DealStatus.ClosedWon, At(7, 1), At(9, 30, 23), 99000m));
        db.CommissionLines.AddRange(
            Line("DR-Q4", 4000m, "USD", CommissionState.Paid, new DateOnly(2026, 10, 20)),
            Line("DR-Q5", 350m, "EUR", CommissionState.Pending, new DateOnly(2026, 11, 10)),
            Line("DR-QX", 600m, "USD", CommissionState.ClawedBack, new DateOnly(2026, 10, 25)),
            Line("DR-Q7", 9900m, "USD", CommissionState.Paid, new DateOnly(2026, 9, 30)));
        db.MdfFunds.AddRange(Fund("2026-10-01", new DateOnly(2026, 10, 1), 10000m), Fund("2026-07-01", new DateOnly(2026, 7, 1), 7000m));
        db.MdfPlans.AddRange(
            Plan("p1", "o-quince:2026-10-01", MdfPlanStatus.Approved, 2000m, 2000m),
            Plan("p2", "o-quince:2026-10-01", MdfPlanStatus.Reimbursed, 3000m, 3000m, claimed: 2800m, reimbursed: 2800m),
            Plan("p3", "o-quince:2026-10-01", MdfPlanStatus.Submitted, 1500m, null),
            Plan("p4", "o-quince:2026-07-01", MdfPlanStatus.Approved, 4000m, 4000m));
        db.Certifications.AddRange(
            Cert("c1", "q-ann", "sales", new DateOnly(2026, 10, 15)),
            Cert("c2", "q-ann", "technical", new DateOnly(2026, 11, 1)),
            Cert("c3", "q-bob", "sales", new DateOnly(2026, 6, 1)));
        return db.SaveChangesAsync();
    });

    private static readonly string[] Expected =
    [
        "Quince & Co: quarterly business review, Q4 2026",
        "Deal registrations Registered 5 Approved 3 Rejected 1 Still in review 1",
        "Wins Deals won 2 Contract value won 40,000.00 USD, 3,500.00 EUR Deals lost 1 Partner-sourced revenue 43,780.00 USD",
        "Commission Deals with commission 2 Commission earned 4,000.00 USD, 350.00 EUR Incentives (SPIFs, rebates, registration and certification) 0.00 USD Of which paid 4,000.00 USD",
        "Market development funds Fund allocated 10,000.00 USD Approved for activities 5,000.00 USD Claimed 2,800.00 USD Reimbursed 2,800.00 USD",
        "Certifications Certifications earned 2 People certified 1",
        "Onboarding Journey 4 of 5 steps, next: First material opened",
    ];

    [Fact]
    public async Task ThePack_CardAndCsv_HandChecked()
    {
        await SeedAsync();
        var reply = (await _host.Chat("rep-maya").SayAsync("qbr o-quince"))[^1];
        var card = DealTestKit.Read(reply);
        foreach (var part in Expected) Assert.Contains(part, card);

        var csv = await DownloadAsync(reply);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        Assert.True(csv.Headers.CacheControl is { Private: true, NoStore: true }, csv.Headers.CacheControl?.ToString());
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\n')).ToList();
        Assert.Equal("partner_id,partner,period_start,period_end,section,measure,label,value,currency,text", lines[0]);
        Assert.Contains("o-quince,Quince & Co,2026-10-01,2026-12-31,registrations,registered,Registered,5,,", lines);
        Assert.Contains("o-quince,Quince & Co,2026-10-01,2026-12-31,wins,won-value,Contract value won,40000.00,USD,", lines);
        Assert.Contains("o-quince,Quince & Co,2026-10-01,2026-12-31,wins,won-value,Contract value won,3500.00,EUR,", lines);
        Assert.Contains("o-quince,Quince & Co,2026-10-01,2026-12-31,wins,partner-sourced-revenue,Partner-sourced revenue,43780.00,USD,", lines);
        Assert.Contains("o-quince,Quince & Co,2026-10-01,2026-12-31,commission,paid,Of which paid,4000.00,USD,", lines);
        Assert.Contains("o-quince,Quince & Co,2026-10-01,2026-12-31,mdf,approved,Approved for activities,5000.00,USD,", lines);
        Assert.Contains("o-quince,Quince & Co,2026-10-01,2026-12-31,onboarding,steps-done,Journey,4,,FirstContentOpened", lines);
    }

    [Fact]
    public async Task InTheReadersLanguage_TheCardAndTheCsvLabels()
    {
        await SeedAsync();
        await _host.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == "mgr-helena")).Preferences.Language = "pl";
            return await db.SaveChangesAsync();
        });
        var reply = (await _host.Chat("mgr-helena").SayAsync("przegląd kwartalny o-quince Q4 2026"))[^1];
        var card = DealTestKit.Read(reply);
        Assert.Contains("Quince & Co: kwartalny przegląd biznesowy, Q4 2026", card);
        Assert.Contains("Wartość wygranych umów 40 000,00 USD", card);
        Assert.Contains("Pobierz jako CSV", card);
        var csv = await (await DownloadAsync(reply)).Content.ReadAsStringAsync();
        Assert.Contains(",wins,won,Wygrane transakcje,2,,", csv);
    }

    [Fact]
    public async Task APartner_GetsTheirOwnPack_NeverAnothers()
    {
        await SeedAsync();
        foreach (var words in new[] { "qbr", "qbr o-quince", "qbr last quarter" })
        {
            var text = DealTestKit.ReadAll(await _host.Chat("acme-jane").SayAsync(words));
            Assert.DoesNotContain("Quince", text);
            if (words != "qbr o-quince") Assert.Contains("Acme Integrations Ltd: quarterly business review", text);
            else Assert.Contains("\"o-quince\" is not a period I know.", text);
        }
        // Another rep's partner is not found.
        Assert.Contains("No partner \"o-quince\" among the partners you can see.", DealTestKit.ReadAll(await _host.Chat("rep-arjun").SayAsync("qbr o-quince")));
        Assert.Contains("Name the partner: \"qbr acme\"", DealTestKit.ReadAll(await _host.Chat("rep-arjun").SayAsync("qbr")));
    }

    [Fact]
    public async Task TheLink_WorksOnlyAsMade_AndStopsAfterItsHours()
    {
        await SeedAsync();
        var reply = (await _host.Chat("rep-maya").SayAsync("qbr o-quince"))[^1];
        var url = LinkOf(reply);
        var http = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url[..url.LastIndexOf('/')] + "/other.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/downloads/AAAAAAAAAAAAAAAAAAAAAA/qbr.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/downloads/" + new string('x', 400) + "/qbr.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/downloads/%27%20OR%201%3D1/qbr.csv")).StatusCode);
        _host.Clock.Advance(TimeSpan.FromHours(72));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task ANameASpreadsheetWouldRun_IsEscapedInTheCsv()
    {
        await SeedAsync("=HYPERLINK(\"http://evil.example\",\"x\")");
        var reply = (await _host.Chat("mgr-helena").SayAsync("qbr o-quince"))[^1];
        var csv = await (await DownloadAsync(reply)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.DoesNotContain(",\"=HYPERLINK", csv);
        Assert.Contains("HYPERLINK", csv);
    }

    [Theory]
    [InlineData("qbr o-quince next year")]
    [InlineData("qbr o-quince Q5 2026")]
    [InlineData("qbr o-quince ' OR 1=1 --")]
    public async Task APeriodNotUnderstood_SaysWhatWorks(string words)
    {
        await SeedAsync();
        var text = DealTestKit.ReadAll(await _host.Chat("mgr-helena").SayAsync(words));
        Assert.Contains("is not a period I know. Try \"this quarter\", \"last quarter\", \"Q3 2026\" or \"2026\".", text);
    }

    private static string LinkOf(ChatMessage reply) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(reply.Html!, "href=\"(/downloads/[^\"]+)\"").Groups[1].Value);

    private Task<HttpResponseMessage> DownloadAsync(ChatMessage reply) => _host.CreateClient().GetAsync(LinkOf(reply));

    private static DealRegistration Deal(string id, DealStatus status, DateTimeOffset registered, DateTimeOffset? closed = null,
        decimal? value = null, string currency = "USD") => new()
    {
        Id = id, PartnerOrganisationId = "o-quince", RegisteredByPersonId = "q-ann", CompanyName = id, NormalizedName = id.ToLowerInvariant(),
        Status = status, RegisteredAt = registered, UpdatedAt = closed ?? registered, ClosedAt = closed, Currency = currency,
        CloseDate = DateOnly.FromDateTime((closed ?? registered).UtcDateTime), ContractValue = value, Source = DealSource.PartnerSourced,
    };

    private static CommissionLine Line(string deal, decimal amount, string currency, CommissionState state, DateOnly won) => new()
    {
        Id = $"CL-{deal}", DealId = deal, SourceEventId = deal, PartnerOrganisationId = "o-quince", CompanyName = deal, Currency = currency, Tier = "Silver",
        Amount = amount, State = state, WonOn = won, PayableFrom = won.AddDays(30),
    };

    private static MdfFund Fund(string start, DateOnly from, decimal amount) => new()
    {
        Id = $"o-quince:{start}", OrganisationId = "o-quince", PeriodStart = from, PeriodEnd = from.AddMonths(3), Amount = amount, AmountComputed = true,
    };

    private static MdfPlan Plan(string id, string fund, MdfPlanStatus status, decimal requested, decimal? approved, decimal? claimed = null,
        decimal? reimbursed = null) => new()
    {
        Id = id, FundId = fund, OrganisationId = "o-quince", SubmittedById = "q-ann", ActivityType = "event", Title = id,
        StartDate = new(2026, 11, 1), EndDate = new(2026, 11, 2), RequestedAmount = requested, ApprovedAmount = approved,
        ClaimedAmount = claimed, ReimbursedAmount = reimbursed, Status = status,
    };

    private static Certification Cert(string id, string person, string track, DateOnly on) => new()
    {
        Id = id, PersonId = person, OrganisationId = "o-quince", CourseId = track + "-certification", Track = track,
        CertifiedOn = on, ExpiresOn = on.AddYears(2), Source = "rep",
    };
}
