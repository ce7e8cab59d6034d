using PartnerBot.Deals;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Core.Tests.Deals;

public sealed class DealRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static ProgramOptions Program() => new()
    {
        Currency = "USD",
        Tiers =
        [
            new TierRules { Name = "Bronze", RegistrationWindowDays = 0 },
            new TierRules { Name = "Gold", RegistrationWindowDays = 120 },
        ],
        DealRegistration = new DealRegistrationRules
        {
            WindowDays = 90, ExtensionDays = 60, MaxExtensions = 1, ReviewAmountThreshold = 250_000m, MaxAmount = 50_000_000m,
            NameSimilarityPercent = 90, ReminderDaysBefore = [14, 3], MaxCloseDateYears = 2,
            CurrencyRates = new() { ["EUR"] = 1.1m, ["MYR"] = 0.2m },
        },
    };

    private static readonly ConflictResult Conflict = new([new ConflictMatch(ConflictKind.OtherPartner, "DR-1", 100, false)]);

    [Fact]
    public void Decide_NoConflictUnderThreshold_Approved() =>
        Assert.Equal((DealStatus.Approved, null), DealRules.Decide(ConflictResult.None, 249_999.99m, Program()));

    [Fact]
    public void Decide_NoAmount_Approved() =>
        Assert.Equal(DealStatus.Approved, DealRules.Decide(ConflictResult.None, null, Program()).Status);

    [Fact]
    public void Decide_AmountAtThreshold_InReviewForAmount() =>
        Assert.Equal((DealStatus.InReview, "amount"), DealRules.Decide(ConflictResult.None, 250_000m, Program()));

    [Fact]
    public void Decide_ConflictWithEarlierRegistration_InReview_FirstToRegisterWins() =>
        Assert.Equal((DealStatus.InReview, "conflict"), DealRules.Decide(Conflict, 1_000m, Program()));

    [Fact]
    public void Decide_ConflictAndBigAmount_BothReasons() =>
        Assert.Equal((DealStatus.InReview, "conflict,amount"), DealRules.Decide(Conflict, 300_000m, Program()));

    [Fact]
    public void Decide_SameOrganisationOnly_IsNotAConflict() =>
        Assert.Equal(DealStatus.Approved, DealRules.Decide(new([new ConflictMatch(ConflictKind.SameOrganisation, "DR-1", 100, false)]), 10m, Program()).Status);

    [Fact]
    public void ToProgramCurrency_ConvertsWithConfiguredRate()
    {
        Assert.Equal(220_000m, Money.ToProgramCurrency(200_000m, "EUR", Program()));
        Assert.Equal(100m, Money.ToProgramCurrency(100m, "USD", Program()));
        Assert.Null(Money.ToProgramCurrency(100m, "JPY", Program()));
    }

    [Theory]
    [InlineData("Bronze", 90)]
    [InlineData("Gold", 120)]
    [InlineData("Unknown", 90)]
    public void WindowDays_TierOverridesProgramDefault(string tier, int days) =>
        Assert.Equal(days, DealRules.WindowDays(tier, Program()));

    private static DealRegistration Approved(DateOnly until, int extensionsUsed = 0) => new()
    {
        Id = "DR-1", PartnerOrganisationId = "acme", RegisteredByPersonId = "acme-jane", CompanyName = "Zenith",
        NormalizedName = "zenith", Status = DealStatus.Approved, ProtectedUntil = until, ExtensionsUsed = extensionsUsed,
    };

    [Fact]
    public void Extension_AllowedOnceBeforeExpiry()
    {
        Assert.Null(DealRules.ExtensionRefusal(Approved(Today.AddDays(10)), Today, Program()));
        Assert.Null(DealRules.ExtensionRefusal(Approved(Today), Today, Program()));
        Assert.Equal("deal.extend.used", DealRules.ExtensionRefusal(Approved(Today.AddDays(10), extensionsUsed: 1), Today, Program()));
        Assert.Equal("deal.extend.expired", DealRules.ExtensionRefusal(Approved(Today.AddDays(-1)), Today, Program()));
        var pending = Approved(Today.AddDays(10));
        pending.ExtensionStatus = ExtensionStatus.Pending;
        Assert.Equal("deal.extend.pending", DealRules.ExtensionRefusal(pending, Today, Program()));
        var inReview = Approved(Today.AddDays(10));
        inReview.Status = DealStatus.InReview;
        Assert.Equal("deal.extend.not-approved", DealRules.ExtensionRefusal(inReview, Today, Program()));
    }

    [Fact]
    public void Reminders_At14And3Days_EachOnce()
    {
        var deal = Approved(Today.AddDays(15));
        Assert.Null(DealRules.ReminderDue(deal, Today, Program()));
        Assert.Equal(14, DealRules.ReminderDue(deal, Today.AddDays(1), Program()));
        deal.LastReminderDaysBefore = 14;
        Assert.Null(DealRules.ReminderDue(deal, Today.AddDays(2), Program()));
        Assert.Equal(3, DealRules.ReminderDue(deal, Today.AddDays(12), Program()));
        deal.LastReminderDaysBefore = 3;
        Assert.Null(DealRules.ReminderDue(deal, Today.AddDays(14), Program()));
    }

    [Fact]
    public void Reminders_LateJob_SendsOnlyTheMostUrgent() =>
        Assert.Equal(3, DealRules.ReminderDue(Approved(Today.AddDays(2)), Today, Program()));

    [Fact]
    public void Expiry_TheDayAfterProtectionEnds()
    {
        Assert.False(DealRules.HasExpired(Approved(Today), Today));
        Assert.True(DealRules.HasExpired(Approved(Today.AddDays(-1)), Today));
    }

    private static Dictionary<string, string> Valid() => new()
    {
        ["company"] = "Zenith Robotics Inc",
        ["website"] = "",
        ["contactName"] = "Jane Roe",
        ["contactEmail"] = "jane@zenith-robotics.example",
        ["closeDate"] = "2027-01-15",
        ["amount"] = "40000",
        ["currency"] = "USD",
        ["product"] = "",
        ["notes"] = "",
    };

    private static Dictionary<string, FieldError> ValidateWith(string field, string value)
    {
        var v = Valid();
        v[field] = value;
        return DealRules.Validate(v, Today, Program(), out _);
    }

    [Fact]
    public void Validate_GoodInput_GivesTheInput()
    {
        var errors = DealRules.Validate(Valid(), Today, Program(), out var input);
        Assert.Empty(errors);
        Assert.Equal(new DealInput("Zenith Robotics Inc", null, "zenith-robotics.example", "Jane Roe", "jane@zenith-robotics.example",
            new DateOnly(2027, 1, 15), 40000m, "USD", null, null), input);
    }

    [Theory]
    [InlineData("closeDate", "2026-11-22", "deal.error.date-past")]
    [InlineData("closeDate", "2028-11-24", "deal.error.date-far")]
    [InlineData("closeDate", "someday", "deal.error.date-format")]
    [InlineData("closeDate", "", "deal.error.date-required")]
    [InlineData("amount", "0", "deal.error.amount-positive")]
    [InlineData("amount", "-5", "deal.error.amount-positive")]
    [InlineData("amount", "50000001", "deal.error.amount-max")]
    [InlineData("amount", "lots", "deal.error.amount-format")]
    [InlineData("contactEmail", "jane@", "deal.error.email")]
    [InlineData("contactEmail", "jane at zenith", "deal.error.email")]
    [InlineData("company", "A", "deal.error.company-short")]
    [InlineData("company", "", "deal.error.company-required")]
    [InlineData("company", "<script>alert(1)</script>", "deal.error.markup")]
    [InlineData("notes", "ping <!channel> now", "deal.error.markup")]
    [InlineData("notes", "hey @here look", "deal.error.markup")]
    [InlineData("notes", "<b>bold</b>", "deal.error.markup")]
    [InlineData("currency", "XYZ", "deal.error.currency")]
    [InlineData("website", "not a site", "deal.error.website")]
    public void Validate_BadInput_ErrorOnTheField(string field, string value, string key)
    {
        var errors = ValidateWith(field, value);
        Assert.Equal(key, Assert.Contains(field, errors).Key);
    }

    [Fact]
    public void Validate_LastAllowedCloseDate_IsAccepted() =>
        Assert.Empty(ValidateWith("closeDate", "2028-11-23"));

    [Fact]
    public void Validate_MaximumComparesConvertedAmount()
    {
        var v = Valid();
        v["amount"] = "50000000";
        v["currency"] = "EUR"; // 55M USD
        Assert.Equal("deal.error.amount-max", DealRules.Validate(v, Today, Program(), out _)["amount"].Key);
    }

    [Fact]
    public void Validate_ContactNameOrEmailRequired()
    {
        var v = Valid();
        v["contactName"] = "";
        v["contactEmail"] = "";
        Assert.Equal("deal.error.contact-required", DealRules.Validate(v, Today, Program(), out _)["contactName"].Key);
        v["contactEmail"] = "jane@zenith-robotics.example";
        Assert.Empty(DealRules.Validate(v, Today, Program(), out _));
    }

    [Fact]
    public void Validate_EmailAtEmailEqualsIsNotMarkup_ButMentionIs()
    {
        Assert.False(DealRules.ContainsMarkup("jane@here.example"));
        Assert.True(DealRules.ContainsMarkup("@channel"));
        Assert.True(DealRules.ContainsMarkup("<@U0ACMEJANE>"));
        Assert.False(DealRules.ContainsMarkup("5 < 6 and R&D"));
    }

    [Fact]
    public void NewId_IsShortAndTypeable()
    {
        var id = DealRules.NewId();
        Assert.Matches("^DR-[0-9A-Z]{10}$", id);
        Assert.NotEqual(id, DealRules.NewId());
    }

    /// <summary>The review queue reads the rule in SQL and the digest in memory: the two forms agree for every status.</summary>
    [Fact]
    public void AwaitingDecision_InSqlAndInMemory_AgreeForEveryStatus()
    {
        var inSql = DealRules.AwaitingDecision.Compile();
        foreach (var status in Enum.GetValues<DealStatus>())
            foreach (var extension in Enum.GetValues<ExtensionStatus>())
            {
                var deal = new DealRegistration
                {
                    Id = "DR-1", PartnerOrganisationId = "p", RegisteredByPersonId = "u", CompanyName = "C", NormalizedName = "c",
                    Status = status, ExtensionStatus = extension,
                };
                Assert.Equal(DealRules.AwaitsDecision(status, extension), inSql(deal));
            }
        Assert.True(DealRules.AwaitsDecision(DealStatus.Approved, ExtensionStatus.Pending));
        Assert.True(DealRules.ExtensionAwaits(DealStatus.Approved, ExtensionStatus.Pending));
        Assert.False(DealRules.AwaitsDecision(DealStatus.Approved, ExtensionStatus.Rejected));
    }
}
