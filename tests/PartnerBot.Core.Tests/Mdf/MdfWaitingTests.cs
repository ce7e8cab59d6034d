using PartnerBot.Mdf;

namespace PartnerBot.Core.Tests.Mdf;

/// <summary>One rule for what of MDF waits for a rep, read in SQL by the review queue and in memory by the digest.</summary>
public sealed class MdfWaitingTests
{
    [Fact]
    public void AwaitingDecision_InSqlAndInMemory_AgreeForEveryStatus()
    {
        var inSql = MdfWaiting.AwaitingDecision.Compile();
        foreach (var status in Enum.GetValues<MdfPlanStatus>())
        {
            var plan = new MdfPlan
            {
                Id = "P-1", FundId = "F-1", OrganisationId = "o", SubmittedById = "u", ActivityType = "event", Title = "T", Status = status,
            };
            Assert.Equal(MdfWaiting.AwaitsDecision(status), inSql(plan));
        }
        Assert.True(MdfWaiting.AwaitsDecision(MdfPlanStatus.Submitted));
        Assert.True(MdfWaiting.AwaitsDecision(MdfPlanStatus.Claimed));
    }

    [Fact]
    public void Since_IsWhenThePlanWasSubmitted_OrTheClaimMade()
    {
        var submitted = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        var claimed = submitted.AddDays(20);
        Assert.Equal(submitted, MdfWaiting.Since(MdfPlanStatus.Submitted, submitted, null));
        Assert.Equal(claimed, MdfWaiting.Since(MdfPlanStatus.Claimed, submitted, claimed));
        Assert.Equal(submitted, MdfWaiting.Since(MdfPlanStatus.Claimed, submitted, null));
    }
}
