using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Program:DealRegistration:WindowDays", "0", "Program:DealRegistration:WindowDays must be at least 1 day")]
    [InlineData("Program:Tiers:3:CommissionPercent:Reseller", "130", "Program:Tiers:3:CommissionPercent:Reseller is 130%")]
    [InlineData("Program:Tiers:1:MinAnnualRevenue", "0", "Program:Tiers:1:MinAnnualRevenue (0) must be above Program:Tiers:0:MinAnnualRevenue")]
    [InlineData("Program:Onboarding:NudgeDays:0", "0", "Program:Onboarding:NudgeDays:0 is 0: a nudge comes 1 to 3650 days after joining")]
    [InlineData("Program:Onboarding:Steps:2", "FirstWebinar", "Program:Onboarding:Steps:2 'FirstWebinar' is not an onboarding step: use Profile, SalesCertification")]
    [InlineData("Program:Onboarding:Steps:3", "profile", "Program:Onboarding:Steps:3 'profile' is listed twice")]
    [InlineData("Program:Onboarding:NudgeWithinDays", "0", "Program:Onboarding:NudgeWithinDays must be between 1 and 365")]
    [InlineData("Program:Incentives:RegistrationAmount", "50", "Program:Incentives:From is missing")]
    [InlineData("Program:Incentives:Rebates:0:Percent", "150", "Program:Incentives:Rebates:0:Percent is 150%")]
    [InlineData("Program:PartnerVoice:SurveyEveryDays", "3", "Program:PartnerVoice:SurveyEveryDays is 3: ask a partner at most once a week")]
    [InlineData("Program:PartnerVoice:SendWithinDays", "120", "Program:PartnerVoice:SendWithinDays (120) must not be longer than SurveyEveryDays (90)")]
    [InlineData("Program:PartnerVoice:DownloadHours", "0", "Program:PartnerVoice:DownloadHours must be between 1 and 744")]
    [InlineData("Program:Leads:OfferHours", "0", "Program:Leads:OfferHours is 0: a partner has 1 to 720 hours to answer an offer")]
    [InlineData("Program:Leads:MaxOffers", "0", "Program:Leads:MaxOffers is 0: offer a lead to 1 to 100 partners")]
    [InlineData("Program:Leads:MinTier", "Diamond", "Program:Leads:MinTier 'Diamond' is not a tier of Program:Tiers")]
    [InlineData("Program:Leads:PartnerTypes:1", "Distributor", "Program:Leads:PartnerTypes:1 'Distributor' is not a partner type")]
    [InlineData("Program:Leads:Territories:APAC:0", "PL", "Program:Leads:Territories: PL is in both")]
    [InlineData("Program:Leads:Territories:EMEA:0", "G", "Program:Leads:Territories:EMEA lists 'G', which is not a two-letter country code")]
    [InlineData("Program:Leads:Weights:History", "-5", "Program:Leads:Weights:History is -5: a weight is from 0 to 100")]
    public void ImpossibleProgram_StopsTheHost_NamingTheSetting(string key, string value, string message)
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { [key] = value });
        var ex = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void LeadWeights_AllZero_StopTheHost_NamingTheSetting()
    {
        var zero = new[] { "Territory", "Capability", "PartnerType", "Tier", "History" }.ToDictionary(w => $"Program:Leads:Weights:{w}", _ => (string?)"0");
        using var host = new TestHost(settings: zero);
        var ex = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains("Program:Leads:Weights are all 0", ex.Message);
    }

    [Theory]
    [InlineData("Housekeeping", "0")]
    [InlineData("Outbox", "00:00:00")]
    [InlineData("DealReminders", "-01:00:00")]
    [InlineData("Digests", "-00:00:01")]
    public void JobIntervalOfZeroOrLess_StopsTheHost_NamingTheSetting(string job, string interval)
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { [$"Jobs:{job}:Interval"] = interval });
        var ex = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains($"Jobs:{job}:Interval must be more than zero", ex.Message);
        Assert.Contains($"set Jobs:{job}:Enabled to false", ex.Message);
    }

    [Fact]
    public void JobSettings_AreReadFromJobsName_WithEachJobsDefault()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Jobs:Commission:Interval"] = "02:30:00",
            ["Jobs:Housekeeping:Enabled"] = "false",
        });
        host.CreateClient().Dispose();
        var jobs = host.Services.GetRequiredService<IOptionsMonitor<Jobs.JobOptions>>();
        Assert.Equal(TimeSpan.FromHours(2.5), jobs.Get("Commission").Interval);
        Assert.False(jobs.Get("Housekeeping").Enabled);
        Assert.Equal(TimeSpan.FromHours(1), jobs.Get("Housekeeping").Interval);
        Assert.Equal(TimeSpan.FromMinutes(1), jobs.Get("Digests").Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), jobs.Get("Outbox").Interval);
        Assert.True(jobs.Get("MdfReminders").Interval > TimeSpan.Zero);
        Assert.False(jobs.Get("MdfReminders").Enabled); // TestHost runs it by hand
    }
}

public sealed class ProgramBindingTests : IDisposable
{
    private readonly TestHost _host = new(settings: new Dictionary<string, string?>
    {
        ["Program:DealRegistration:ReminderDaysBefore:0"] = "7",
    });

    public void Dispose() => _host.Dispose();

    [Fact]
    public void ListSettings_ReplaceTheirDefaults_NeverAppend()
    {
        var program = _host.Services.GetRequiredService<IOptions<PartnerProgram.ProgramOptions>>().Value;
        // program.json says [14, 3]; the override replaces its first item. Nothing is doubled.
        Assert.Equal([7, 3], program.DealRegistration.ReminderDaysBefore);
        Assert.Equal(6, program.Mdf.ActivityTypes.Count);
    }
}
