using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Onboarding;

/// <summary>A partner user's home shows their organisation's checklist until every step is done.</summary>
public sealed class OnboardingHomeSection(IOptions<ProgramOptions> program) : IHomeSection
{
    public int Order => 10;

    public async Task<IReadOnlyList<Block>> BuildAsync(TurnContext ctx, CancellationToken ct)
    {
        if (!ctx.Actor.IsPartner) return [];
        var org = await ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(ct);
        if (org is null) return [];
        var progress = await OnboardingJourney.ForAsync(ctx.Db, program.Value.Onboarding, org, ct);
        return progress.Stage is null ? [] : OnboardingChecklist.Blocks(ctx, progress);
    }
}
