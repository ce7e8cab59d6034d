using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Host.Importing;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Importing;

/// <summary>
/// `PartnerBot.Host import &lt;kind&gt; &lt;file&gt; [--partial]` on the demo database: every kind with its report, refused
/// rows changing nothing, --partial, idempotent re-import, and the bad files an operator actually produces.
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    private static readonly string Samples = Path.Combine(DatabaseStartup.ResolveFolder("samples/demo-program"), "import");
    private static readonly string Demo = DatabaseStartup.ResolveFolder("samples/demo-program");

    private readonly TestHost _host = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("partnerbot-import-").FullName;

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(int Code, string Output)> ImportAsync(params string[] args)
    {
        var output = new StringWriter();
        var code = await ImportCommandLine.ImportAsync(_host.Services, ["import", .. args], output);
        return (code, output.ToString());
    }

    private string Csv(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<int> CountAsync<T>() where T : class => _host.WithDbAsync(db => db.Set<T>().CountAsync());

    public static readonly TheoryData<string, string, int> SampleFiles = new()
    {
        { "people", "1-staff.csv", 1 },
        { "partners", "2-partners.csv", 3 },
        { "people", "3-people.csv", 4 },
        { "identities", "4-identities.csv", 8 },
        { "direct-accounts", "5-direct-accounts.csv", 2 },
        { "deals", "6-deals.csv", 4 },
        { "certifications", "7-certifications.csv", 4 },
    };

    [Fact]
    public async Task SampleFiles_OfEveryKind_ImportWithTheirReport_AndASecondRunReportsAllUnchanged()
    {
        foreach (var row in SampleFiles)
        {
            var (kind, file, rows) = ((string)row[0], (string)row[1], (int)row[2]);
            var (code, output) = await ImportAsync(kind, Path.Combine(Samples, file));
            Assert.True(code == 0, output);
            Assert.Contains($"Imported: {rows} added, 0 updated, 0 unchanged, 0 refused.", output);
            Assert.Contains($"{rows} rows in ", output);
            Assert.Contains(" rows/s)", output);
        }

        await _host.WithDbAsync(async db =>
        {
            var nordlys = await db.PartnerOrganisations.AsNoTracking().SingleAsync(o => o.Id == "nordlys");
            Assert.Equal((PartnerType.Implementation, "Silver", "rep-sofia", 74500m, new DateOnly(2025, 3, 1), new DateOnly(2025, 9, 1)),
                (nordlys.Type, nordlys.Tier, nordlys.OwnerRepId, nordlys.AnnualRevenue, nordlys.JoinedOn, nordlys.TierSince!.Value));
            Assert.Equal("江南云服务有限公司", (await db.PartnerOrganisations.AsNoTracking().SingleAsync(o => o.Id == "jiangnan")).Name);
            var nurul = await db.People.AsNoTracking().Include(p => p.Identities).SingleAsync(p => p.Id == "harimau-nurul");
            Assert.Equal(("harimau", "ms", "Asia/Kuala_Lumpur"), (nurul.PartnerOrganisationId, nurul.Preferences.Language, nurul.Preferences.TimeZone));
            Assert.Equal(["slack/T0HARIMAU/U0NURUL001", "web/demo/harimau-nurul"],
                nurul.Identities.Select(i => $"{i.Channel}/{i.Tenant}/{i.UserId}").Order());
            var won = await db.DealRegistrations.AsNoTracking().SingleAsync(d => d.Id == "DR-HARI00000001");
            Assert.Equal((DealStatus.ClosedWon, 95000m, 1200.50m, "MYR", DealSource.PartnerSourced, new DateOnly(2026, 9, 18)),
                (won.Status, won.ContractValue!.Value, won.MonthlyRecurringRevenue!.Value, won.Currency, won.Source!.Value, DateOnly.FromDateTime(won.ClosedAt!.Value.UtcDateTime)));
            var approved = await db.DealRegistrations.AsNoTracking().SingleAsync(d => d.Id == "DR-JIAN00000001");
            // Approved: protected for the tier's window (Gold: 90 days) from the day it was registered.
            Assert.Equal(new DateOnly(2026, 10, 20).AddDays(90), approved.ProtectedUntil);
            Assert.Equal("suzhou-precision.example", approved.Domain);
            var account = await db.DirectSalesAccounts.AsNoTracking().SingleAsync(a => a.Id == "da-equinor-demo");
            Assert.Equal(CompanyNames.Normalize("Fjord Energi ASA"), account.NormalizedName);
            var certification = await db.Certifications.AsNoTracking().SingleAsync(c => c.PersonId == "nordlys-ingrid");
            Assert.Equal(("nordlys", "sales", "import"), (certification.OrganisationId, certification.Track, certification.Source));
            Assert.True(certification.ExpiresOn > certification.CertifiedOn);
            Assert.Equal(new DateOnly(2026, 12, 2), (await db.Certifications.AsNoTracking().SingleAsync(c => c.PersonId == "jiangnan-li")).ExpiresOn);
            return 0;
        });

        var audited = await _host.WithDbAsync(db => db.AuditLog.AsNoTracking().CountAsync(a => a.ActorId == "import" && a.EntityId == "nordlys"));
        Assert.Equal(1, audited);

        foreach (var row in SampleFiles)
        {
            var (kind, file, rows) = ((string)row[0], (string)row[1], (int)row[2]);
            var (code, output) = await ImportAsync(kind, Path.Combine(Samples, file));
            Assert.True(code == 0, output);
            Assert.Contains($"Imported: 0 added, 0 updated, {rows} unchanged, 0 refused.", output);
        }
        Assert.Equal(1, await _host.WithDbAsync(db => db.AuditLog.AsNoTracking().CountAsync(a => a.ActorId == "import" && a.EntityId == "nordlys")));
    }

    [Theory]
    [InlineData("partners", "people.json", 6)]
    [InlineData("people", "people.json", 11)]
    [InlineData("direct-accounts", "direct-accounts.json", 6)]
    [InlineData("deals", "deals.json", 6)]
    [InlineData("certifications", "certifications.json", 7)]
    public async Task TheDemoProgramsJsonFiles_ImportedAgain_AreAllUnchanged(string kind, string file, int rows)
    {
        var (code, output) = await ImportAsync(kind, Path.Combine(Demo, file));

        Assert.True(code == 0, output);
        Assert.Contains($"Imported: 0 added, 0 updated, {rows} unchanged, 0 refused.", output);
    }

    [Fact]
    public async Task AChangedRow_IsUpdated_AndAPersonsOwnSettingsSurvive()
    {
        var path = Csv("people.csv", "id,name,role,organisation,email,language\n" +
            "acme-jane,Jane Doe-Okafor,PartnerUser,acme,jane.okafor@acme-integrations.example,pl\n");

        var (code, output) = await ImportAsync("people", path);

        Assert.True(code == 0, output);
        Assert.Contains("Imported: 0 added, 1 updated, 0 unchanged, 0 refused.", output);
        var jane = await _host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == "acme-jane"));
        Assert.Equal(("Jane Doe-Okafor", "jane.okafor@acme-integrations.example"), (jane.DisplayName, jane.Email));
        Assert.Equal("en", jane.Preferences.Language);
    }

    private const string PartnersHeader = "id,name,type,tier,ownerRep,country,domain,joinedOn\n";
    private const string GoodPartner = "tatra,Tatra Chmura Sp. z o.o.,Reseller,Bronze,rep-maya,PL,tatra-chmura.example,2026-02-01\n";

    [Fact]
    public async Task AFileWithARefusedRow_ChangesNothing()
    {
        var path = Csv("partners.csv", PartnersHeader + GoodPartner + "sungai,Sungai Data,Distributor,Bronze,rep-arjun,MY,sungai.example,2026-02-01\n");
        var before = await CountAsync<PartnerOrganisation>();

        var (code, output) = await ImportAsync("partners", path);

        Assert.Equal(1, code);
        Assert.Contains("Would have imported: 1 added, 0 updated, 0 unchanged, 1 refused.", output);
        Assert.Contains("refused row 3, column type: 'Distributor' is not one of Referral, Reseller, Msp, Implementation, Technology", output);
        Assert.Contains("Nothing was changed", output);
        Assert.Equal(before, await CountAsync<PartnerOrganisation>());
    }

    [Fact]
    public async Task Partial_ImportsTheGoodRows_AndListsTheRefusedOnes()
    {
        var path = Csv("partners.csv", PartnersHeader + GoodPartner + "sungai,Sungai Data,Distributor,Bronze,rep-arjun,MY,sungai.example,2026-02-01\n");

        var (code, output) = await ImportAsync("partners", path, "--partial");

        Assert.Equal(1, code);
        Assert.Contains("Imported: 1 added, 0 updated, 0 unchanged, 1 refused.", output);
        Assert.Contains("refused row 3, column type:", output);
        Assert.DoesNotContain("Nothing was changed", output);
        Assert.True(await _host.WithDbAsync(db => db.PartnerOrganisations.AnyAsync(o => o.Id == "tatra")));
        Assert.False(await _host.WithDbAsync(db => db.PartnerOrganisations.AnyAsync(o => o.Id == "sungai")));
    }

    public static readonly TheoryData<string, string, string> BadFiles = new()
    {
        // Saved by a spreadsheet in a locale that separates with semicolons.
        { "partners", "id;name;type;tier\ntatra;Tatra Chmura;Reseller;Bronze\n", "row 1: the columns are separated by ';'; save the file with commas between columns" },
        { "partners", "id\tname\ttype\ttier\ntatra\tTatra\tReseller\tBronze\n", "row 1: the columns are separated by tabs" },
        { "partners", "id,name,tier\ntatra,Tatra Chmura,Bronze\n", "row 1, column type: required column is missing" },
        { "partners", "id,name,type,tier,organization\ntatra,Tatra,Reseller,Bronze,x\n", "row 1, column organization: is not a column of partners" },
        { "partners", "", "row 1: the file is empty" },
        { "partners", PartnersHeader + "tatra,Tatra Chmura,Reseller,Bronze,rep-maya,PL,tatra.example,01/02/2026\n", "row 2, column joinedOn: '01/02/2026' is not a date written yyyy-MM-dd" },
        { "partners", PartnersHeader + "tatra,Tatra Chmura,Reseller,Bronze,rep-maya,PL,tatra.example,2026-02-30\n", "row 2, column joinedOn: '2026-02-30' is not a date" },
        { "partners", PartnersHeader + "tatra,Tatra Chmura,Reseller,Diamond,rep-maya,PL,tatra.example,2026-02-01\n", "row 2, column tier: 'Diamond' is not a tier of the program (Bronze, Silver, Gold, Platinum)" },
        { "partners", PartnersHeader + "tatra,Tatra Chmura,2,Bronze,rep-maya,PL,tatra.example,2026-02-01\n", "row 2, column type: '2' is not one of" },
        { "partners", PartnersHeader + GoodPartner + GoodPartner.Replace("Tatra Chmura", "Tatra again", StringComparison.Ordinal), "row 3, column id: 'tatra' is already on row 2" },
        { "partners", PartnersHeader + "tatra,Tatra Chmura,Reseller,Bronze,acme-jane,PL,tatra.example,2026-02-01\n", "row 2, column ownerRep: 'acme-jane' is a PartnerUser, not a rep or a manager" },
        { "partners", PartnersHeader + "tatra,Tatra Chmura,Reseller,Bronze,rep-maya\n", "row 2: has 5 values, the header has 8 columns" },
        { "partners", PartnersHeader + "tatra,\"Tatra Chmura,Reseller,Bronze,rep-maya,PL,tatra.example,2026-02-01\n", "row 2: " },
        { "people", "id,name,role,organisation\nx-1,Xavier,PartnerUser,\n", "row 2, column organisation: a partner user belongs to a partner organisation" },
        { "people", "id,name,role,organisation,timeZone\nx-1,Xavier,PartnerUser,acme,Mars/Olympus\n", "row 2, column timeZone: 'Mars/Olympus' is not a time zone" },
        { "people", "id,name,role,email\nrep-x,Rex,Rep,rex@@northwind\n", "row 2, column email: 'rex@@northwind' is not an e-mail address" },
        { "identities", "person,channel,tenant,userId\nnobody,slack,T1,U1\n", "row 2, column person: 'nobody' is not a person of the program (import people first)" },
        { "identities", "person,channel,tenant,userId\nacme-jane,discord,G1,U1\n", "row 2, column channel: 'discord' is not one of slack, teams, web" },
        { "deals", "id,organisation,registeredBy,company,status,closeDate,amount,currency\nDR-X1,acme,borealis-lena,Hooli,Approved,2027-01-10,100,USD\n", "row 2, column registeredBy: 'borealis-lena' is not a partner user of 'acme'" },
        { "deals", "id,organisation,registeredBy,company,status,closeDate,amount,currency\nDR-X1,acme,acme-jane,Hooli,Approved,2027-01-10,100,XYZ\n", "row 2, column currency: 'XYZ' is not one of USD" },
        { "deals", "id,organisation,registeredBy,company,status,closeDate,amount,currency\nDR-X1,acme,acme-jane,Hooli,Approved,2027-01-10,\"40,000\",USD\n", "row 2, column amount: '40,000' is not an amount of USD" },
        { "deals", "id,organisation,registeredBy,company,status,closeDate,amount,currency\nDR-X1,acme,acme-jane,Hooli,Approved,2027-01-10,100.5,JPY\n", "row 2, column amount: '100.5' is not an amount of JPY" },
        { "deals", "id,organisation,registeredBy,company,status,closeDate\nDR-X1,acme,acme-jane,Hooli,ClosedWon,2026-10-10\n", "row 2, column closedOn: a ClosedWon deal needs the day it closed" },
        { "deals", "id,organisation,registeredBy,company,status\nDR-X1,acme,acme-jane,Hooli,Approved\n", "row 1, column closeDate: required column is missing (or closeInDays)" },
        { "deals", "id,organisation,registeredBy,company,status,closeDate\nDR-X1,acme,acme-jane,<script>alert(1)</script>,Approved,2027-01-10\n", "row 2, column company: contains markup or a mention" },
        { "certifications", "person,course,certifiedOn\nacme-jane,security-deck,2026-01-10\n", "row 2, column course: 'security-deck' is not a certification in the content catalog" },
        { "certifications", "person,course,certifiedOn\nrep-maya,sales-certification,2026-01-10\n", "row 2, column person: 'rep-maya' is not a partner user" },
        { "direct-accounts", "id,name,domain\nda-x,Wayne Enterprises,gmail.com\n", "row 2, column domain: 'gmail.com' is not a company's own domain" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadFile_IsRefusedWithRowColumnAndReason_AndChangesNothing(string kind, string csv, string expected)
    {
        var path = Csv(kind + ".csv", csv);
        var before = await _host.WithDbAsync(async db => (await db.PartnerOrganisations.CountAsync(), await db.People.CountAsync(),
            await db.ChannelIdentities.CountAsync(), await db.DealRegistrations.CountAsync(), await db.Certifications.CountAsync(), await db.DirectSalesAccounts.CountAsync()));

        var (code, output) = await ImportAsync(kind, path);

        Assert.Equal(1, code);
        Assert.Contains("refused " + expected, output);
        Assert.Contains("Nothing was changed", output);
        Assert.Equal(before, await _host.WithDbAsync(async db => (await db.PartnerOrganisations.CountAsync(), await db.People.CountAsync(),
            await db.ChannelIdentities.CountAsync(), await db.DealRegistrations.CountAsync(), await db.Certifications.CountAsync(), await db.DirectSalesAccounts.CountAsync())));
    }

    [Fact]
    public async Task AHundredThousandRows_WithBadOnesSpreadThrough_AreRefusedTogether_AndTheReportStaysReadable()
    {
        // Every 1,000th row has a free-mail domain: 100 refusals, listed with their row numbers; nothing is stored,
        // though 99,900 good rows were written (and rolled back) in batches before the end was reached.
        var path = Path.Combine(_folder, "accounts.csv");
        await using (var writer = new StreamWriter(path))
        {
            await writer.WriteLineAsync("id,name,domain,owner");
            for (var i = 1; i <= 100_000; i++)
                await writer.WriteLineAsync($"da-bulk-{i},Bulk Customer {i} Ltd,{(i % 1000 == 0 ? "gmail.com" : $"bulk{i}.example")},Direct sales");
        }
        var before = await CountAsync<DirectSalesAccount>();

        var (code, output) = await ImportAsync("direct-accounts", path);

        Assert.Equal(1, code);
        Assert.Contains("100,000 rows in ", output);
        Assert.Contains("Would have imported: 99900 added, 0 updated, 0 unchanged, 100 refused.", output);
        Assert.Contains("refused row 1001, column domain: 'gmail.com' is not a company's own domain", output);
        Assert.Contains("refused row 100001, column domain:", output);
        Assert.Equal(before, await CountAsync<DirectSalesAccount>());
    }

    [Theory]
    [InlineData("{ \"people\": [ { \"id\": \"x\" ", "is not JSON")]
    [InlineData("{ \"persons\": [] }", "expected a list of items (or an object with 'people')")]
    public async Task ABrokenJsonFile_IsRefusedWhole(string json, string expected)
    {
        var (code, output) = await ImportAsync("people", Csv("people.json", json));

        Assert.Equal(1, code);
        Assert.Contains("Nothing was imported: ", output);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task BadArguments_ShowTheUsageAndTheKinds()
    {
        var (code, output) = await ImportAsync("partner", Path.Combine(Samples, "2-partners.csv"));
        Assert.Equal(2, code);
        Assert.Contains("There is no import of 'partner'.", output);
        Assert.Contains("kinds, in the order a program is best imported: people, partners, identities, direct-accounts, deals, certifications", output);

        (code, output) = await ImportAsync("partners", Path.Combine(_folder, "missing.csv"));
        Assert.Equal(2, code);
        Assert.Contains("No file at", output);

        (code, output) = await ImportAsync("partners", Path.Combine(Samples, "2-partners.csv"), "--force");
        Assert.Equal(2, code);
        Assert.Contains("Unknown option --force.", output);
    }
}
