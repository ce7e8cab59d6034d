using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Audit;
using PartnerBot.Deals;
using PartnerBot.Mdf;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Core.Tests.Mdf;

public sealed class MdfRulesTests
{
    private static readonly ProgramOptions Program = DemoProgram.Load();
    private static readonly MdfRules Rules = Program.Mdf;
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static async Task<PartnerBotDb> NewDbAsync(SqliteConnection connection, TimeProvider? clock = null)
    {
        var options = new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite(connection)
            .AddInterceptors(new AuditInterceptor(new AuditScope(), clock ?? TimeProvider.System)).Options;
        var db = new PartnerBotDb(options);
        await db.Database.EnsureCreatedAsync();
        return db;
    }

    private static MdfFund Fund(decimal amount = 3100m) => new()
    {
        Id = "acme:2026-10-01", OrganisationId = "acme", PeriodStart = new(2026, 10, 1), PeriodEnd = new(2027, 1, 1), Amount = amount, AmountComputed = true,
    };

    private static MdfPlan Plan(MdfPlanStatus status, decimal requested = 2000m, decimal? approved = 2000m, decimal? claimed = null, decimal? reimbursed = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"), FundId = "acme:2026-10-01", OrganisationId = "acme", SubmittedById = "acme-jane", ActivityType = "webinar",
        Title = "Webinar", StartDate = new(2026, 12, 10), EndDate = new(2026, 12, 10), RequestedAmount = requested, Status = status,
        ApprovedAmount = approved, ClaimedAmount = claimed, ReimbursedAmount = reimbursed,
    };

    private static PlanInput Input(string type = "webinar", string start = "2026-12-10", string end = "2026-12-11", string amount = "1000") =>
        new(type, "Webinar", start, end, amount, "40", "100000", "");

    [Theory]
    [InlineData("2026-11-23", 3, "2026-10-01", "2027-01-01")]
    [InlineData("2026-01-01", 3, "2026-01-01", "2026-04-01")]
    [InlineData("2026-03-31", 3, "2026-01-01", "2026-04-01")]
    [InlineData("2026-11-23", 1, "2026-11-01", "2026-12-01")]
    [InlineData("2026-11-23", 6, "2026-07-01", "2027-01-01")]
    [InlineData("2026-11-23", 12, "2026-01-01", "2027-01-01")]
    public void PeriodOf_SplitsTheCalendarYear(string day, int months, string start, string end)
    {
        var (s, e) = MdfRulesCheck.PeriodOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), months);
        Assert.Equal((start, end), (MdfRulesCheck.Iso(s), MdfRulesCheck.Iso(e)));
    }

    [Theory]
    [InlineData("Bronze", 20500, 0)]
    [InlineData("Silver", 20500, 615)]
    [InlineData("Gold", 77500, 3100)]
    [InlineData("Platinum", 160000, 8000)]
    [InlineData("Gold", 1234.56, 49.38)]
    [InlineData("NoSuchTier", 100000, 0)]
    public void FundAmount_IsTheTiersPercentOfPreviousPeriodRevenue(string tier, decimal revenue, decimal expected) =>
        Assert.Equal(expected, MdfRulesCheck.FundAmount(Program, tier, revenue));

    [Fact]
    public async Task WithoutHistory_RevenueIsEstimatedFromAnnualRevenuePerPeriod()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = await NewDbAsync(connection);
        var org = new PartnerOrganisation { Id = "acme", Name = "Acme", Tier = "Gold", AnnualRevenue = 310000 };
        var revenue = new PartnerSourcedRevenue(Options.Create(Program));
        Assert.Equal(new RevenueFigure(77500m, true), await revenue.ForPeriodAsync(db, org, new(2026, 7, 1), new(2026, 10, 1), default));
        Assert.Equal(new RevenueFigure(25833.33m, true), await revenue.ForPeriodAsync(db, org, new(2026, 12, 1), new(2027, 1, 1), default));
    }

    [Theory]
    [InlineData("2026-12-02", false)] // 30 days left: enough
    [InlineData("2026-12-03", true)]  // 29 days left: rolls into the next period
    [InlineData("2026-10-01", false)]
    public void ThirtyDayRule_FundStartingLateRollsOver(string day, bool rolls) =>
        Assert.Equal(rolls, MdfRulesCheck.RollsIntoNext(Rules, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), new(2027, 1, 1)));

    [Fact]
    public async Task UsableFund_StartingWithUnder30Days_RollsIntoNextPeriod_Once()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        await using var db = await NewDbAsync(connection, clock);
        var org = new PartnerOrganisation { Id = "acme", Name = "Acme", Tier = "Gold", AnnualRevenue = 310000 };
        db.PartnerOrganisations.Add(org);
        await db.SaveChangesAsync();
        var funds = new MdfFunds(new PartnerSourcedRevenue(Options.Create(Program)), Options.Create(Program));

        var fund = await funds.UsableAsync(db, org, new(2026, 12, 10), clock.GetUtcNow(), default);
        await db.SaveChangesAsync();
        var again = await funds.UsableAsync(db, org, new(2026, 12, 20), clock.GetUtcNow(), default);
        await db.SaveChangesAsync();

        Assert.Equal("acme:2027-01-01", fund.Id);
        Assert.Same(fund, again);
        Assert.Equal(3100m, fund.RolledOverAmount); // Q4's amount, once
        Assert.Equal(3100m, fund.Allocated);
        Assert.True((await db.MdfFunds.SingleAsync(f => f.Id == "acme:2026-10-01")).RolledIntoNext);

        // When Q1 starts, its own amount is computed and added to what rolled over.
        var q1 = await funds.UsableAsync(db, org, new(2027, 1, 5), clock.GetUtcNow(), default);
        Assert.Equal("acme:2027-01-01", q1.Id);
        Assert.Equal(6200m, q1.Allocated);
    }

    [Fact]
    public void Balance_SumsByStatus_UnreimbursedPartReturns()
    {
        var plans = new[]
        {
            Plan(MdfPlanStatus.Submitted, requested: 300, approved: null),
            Plan(MdfPlanStatus.Approved, approved: 1000),
            Plan(MdfPlanStatus.Claimed, approved: 500, claimed: 450),
            Plan(MdfPlanStatus.Reimbursed, approved: 800, claimed: 700, reimbursed: 600),
            Plan(MdfPlanStatus.Rejected, requested: 900, approved: null),
            Plan(MdfPlanStatus.ChangesRequested, requested: 400, approved: null),
        };
        var b = MdfBalance.Of(Fund(3100), plans);
        Assert.Equal(new MdfBalance(3100, 300, 2300, 1150, 600, 3100 - 300 - 1000 - 500 - 600), b);
    }

    [Fact]
    public void Plan_Valid_IsParsed()
    {
        var errors = MdfRulesCheck.ValidatePlan(Input(), Rules, Today, Fund(), MdfBalance.Of(Fund(), []), "USD", out var plan);
        Assert.Empty(errors);
        Assert.Equal(new ParsedPlan("webinar", "Webinar", new(2026, 12, 10), new(2026, 12, 11), 1000m, 40, 100000m, ""), plan);
    }

    [Fact]
    public void Plan_OverBalance_SaysHowMuchIsLeft()
    {
        var balance = MdfBalance.Of(Fund(), [Plan(MdfPlanStatus.Approved, approved: 2000)]);
        var errors = MdfRulesCheck.ValidatePlan(Input(amount: "1100.01"), Rules, Today, Fund(), balance, "USD", out var plan);
        Assert.Null(plan);
        Assert.Equal(new Problem("mdf.error.over-balance", new Money(1100m, "USD")), errors["requestedAmount"], ProblemComparer.Instance);
        Assert.Empty(MdfRulesCheck.ValidatePlan(Input(amount: "1100"), Rules, Today, Fund(), balance, "USD", out _));
    }

    [Theory]
    [InlineData("2026-11-22", "2026-11-30", "startDate", "mdf.error.past")]
    [InlineData("2026-12-10", "2026-12-09", "endDate", "mdf.error.reversed")]
    [InlineData("2026-12-06", "2026-12-08", "startDate", "mdf.error.lead-time")] // 13 days ahead
    [InlineData("2027-01-01", "2027-01-02", "startDate", "mdf.error.after-period")]
    [InlineData("10/12/2026", "2026-12-11", "startDate", "mdf.error.date")]
    public void Plan_BadDates_Refused(string start, string end, string field, string key)
    {
        var errors = MdfRulesCheck.ValidatePlan(Input(start: start, end: end), Rules, Today, Fund(), MdfBalance.Of(Fund(), []), "USD", out _);
        Assert.Equal(key, errors[field].Key);
    }

    [Fact]
    public void Plan_LeadTime_ExactlyMinimumIsAccepted() =>
        Assert.Empty(MdfRulesCheck.ValidatePlan(Input(start: "2026-12-07", end: "2026-12-07"), Rules, Today, Fund(), MdfBalance.Of(Fund(), []), "USD", out _));

    [Fact]
    public void Plan_TypeNotAllowed_ListsAllowedTypes()
    {
        var errors = MdfRulesCheck.ValidatePlan(Input(type: "radio"), Rules, Today, Fund(), MdfBalance.Of(Fund(), []), "USD", out _);
        Assert.Equal(new Problem("mdf.error.type", "event, webinar, campaign, content, booth, other"), errors["activityType"], ProblemComparer.Instance);
    }

    [Theory]
    [InlineData(MdfPlanStatus.Submitted, "2026-12-12", "mdf.claim.not-approved")]
    [InlineData(MdfPlanStatus.Rejected, "2026-12-12", "mdf.claim.not-approved")]
    [InlineData(MdfPlanStatus.Claimed, "2026-12-12", "mdf.claim.already")]
    [InlineData(MdfPlanStatus.Approved, "2026-12-09", "mdf.claim.too-early")]
    [InlineData(MdfPlanStatus.Approved, "2026-12-10", null)] // the last day of the activity
    [InlineData(MdfPlanStatus.Approved, "2027-01-09", null)] // the 30th day after it
    [InlineData(MdfPlanStatus.Approved, "2027-01-10", "mdf.claim.window-closed")]
    public void ClaimWindow(MdfPlanStatus status, string today, string? key) =>
        Assert.Equal(key, MdfRulesCheck.CheckClaimable(Plan(status), Rules, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture))?.Key);

    [Theory]
    [InlineData("2000", "https://files.example/i.pdf", null, null)]
    [InlineData("2000.01", "https://files.example/i.pdf", "actualCost", "mdf.claim.above-approved")]
    [InlineData("0", "https://files.example/i.pdf", "actualCost", "mdf.error.amount")]
    [InlineData("1500", "ftp://files.example/i.pdf", "proofLinks", "mdf.claim.proof-not-http")]
    [InlineData("1500", "javascript:alert(1)", "proofLinks", "mdf.claim.proof-not-http")]
    [InlineData("1500", "files.example/i.pdf", "proofLinks", "mdf.claim.proof-not-http")]
    [InlineData("1500", "https://a.example/x\nhttp://b.example/y", null, null)]
    [InlineData("1500", "  ", "proofLinks", "mdf.claim.proof-needed")]
    public void Claim_Validation(string cost, string links, string? field, string? key)
    {
        var errors = MdfRulesCheck.ValidateClaim(new ClaimInput(cost, "12", links), Plan(MdfPlanStatus.Approved), "USD", out var claim);
        if (field is null)
        {
            Assert.Empty(errors);
            Assert.NotNull(claim);
        }
        else Assert.Equal(key, errors[field].Key);
    }

    [Theory]
    [InlineData(2000, null)]
    [InlineData(1500, null)]
    [InlineData(2000.01, "mdf.reimburse.above-approved")]
    [InlineData(0, "mdf.error.amount")]
    public void ReimbursementCap_AtMostTheApprovedAmount(decimal amount, string? key) =>
        Assert.Equal(key, MdfRulesCheck.CheckReimbursement(Plan(MdfPlanStatus.Claimed, approved: 2000, claimed: 2000), amount, "USD")?.Key);

    [Fact]
    public void Reimbursement_AboveClaimed_OrWithoutClaim_Refused()
    {
        Assert.Equal("mdf.reimburse.above-claimed", MdfRulesCheck.CheckReimbursement(Plan(MdfPlanStatus.Claimed, approved: 2000, claimed: 1200), 1500, "USD")?.Key);
        Assert.Equal("mdf.reimburse.no-claim", MdfRulesCheck.CheckReimbursement(Plan(MdfPlanStatus.Approved), 100, "USD")?.Key);
        Assert.Equal("mdf.reimburse.already", MdfRulesCheck.CheckReimbursement(Plan(MdfPlanStatus.Reimbursed, reimbursed: 100), 100, "USD")?.Key);
    }

    private sealed class ProblemComparer : IEqualityComparer<Problem>
    {
        public static readonly ProblemComparer Instance = new();
        public bool Equals(Problem? x, Problem? y) => x?.Key == y?.Key && (x?.Args ?? []).SequenceEqual(y?.Args ?? []);
        public int GetHashCode(Problem obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
