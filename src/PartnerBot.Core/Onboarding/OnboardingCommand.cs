using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Onboarding;

/// <summary>
/// "onboarding": a partner sees its own organisation's checklist (whatever it names: a partner never reads another's);
/// staff name a partner they may see for its checklist, or name none for the stage of each of their partners.
/// </summary>
public sealed class OnboardingCommand(IOptions<ProgramOptions> program) : ICommand
{
    /// <summary>Most partners the staff list shows; the rest are counted in its title.</summary>
    public const int StaffListLimit = 15;

    public CommandInfo Info { get; } = new("onboarding", CommandInfo.Everyone)
    {
        HelpKey = "help.onboarding",
        Order = 450,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var rules = program.Value.Onboarding;
        var visible = ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor);
        var key = arguments.Trim();
        if (ctx.Actor.IsPartner || key.Length > 0)
        {
            var id = key.ToLowerInvariant();
            var org = ctx.Actor.IsPartner
                ? await visible.AsNoTracking().FirstOrDefaultAsync(ct)
                : await visible.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
            if (org is null)
            {
                ctx.Send(ctx.T(ctx.Actor.IsPartner ? "onboarding.none" : "onboarding.not-found", key), Visibility.Asker);
                return;
            }
            var progress = await OnboardingJourney.ForAsync(ctx.Db, rules, org, ct);
            var blocks = OnboardingChecklist.Blocks(ctx, progress);
            ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = OnboardingChecklist.Title(ctx, progress) });
            return;
        }

        var orgs = await OnboardingJourney.OrganisationsAsync(visible, ct);
        if (orgs.Count == 0)
        {
            ctx.Send(ctx.T("onboarding.none"), Visibility.Asker);
            return;
        }
        var all = OrganisationAccess.SeesAll(ctx.Actor);
        var today = OnboardingJourney.UtcDay(ctx.Now);
        // Those furthest from done first, then the longest since joining.
        var rows = (await OnboardingJourney.ForAsync(ctx.Db, rules, orgs, all, ct))
            .OrderBy(p => p.Stage is null).ThenBy(p => p.DoneCount).ThenBy(p => p.JoinedOn).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        var facts = rows.Take(StaffListLimit).Select(p => new Fact(p.Name, p.Stage is { } next
            ? ctx.T("onboarding.staff.row", p.DoneCount, p.Steps.Count, ctx.T($"onboarding.step.{next}"), p.DaysSinceJoining(today))
            : ctx.T("onboarding.staff.row-complete", p.DoneCount, p.Steps.Count))).ToList();
        var title = ctx.T("onboarding.staff.title", rows.Count);
        ctx.Send(new Reply([
            new TextBlock(title, TextStyle.Heading),
            new FactsBlock(facts),
            new TextBlock(ctx.T("onboarding.staff.more"), TextStyle.Note),
        ]) { Visibility = Visibility.Asker, Summary = title });
    }
}

/// <summary>One organisation's checklist as blocks: the chat's answer and the partner's part of the Slack App Home.</summary>
public static class OnboardingChecklist
{
    public static string Title(TurnContext ctx, OnboardingProgress p) => ctx.T("onboarding.title", p.Name, p.DoneCount, p.Steps.Count);

    public static List<Block> Blocks(TurnContext ctx, OnboardingProgress p)
    {
        var today = OnboardingJourney.UtcDay(ctx.Now);
        var blocks = new List<Block>
        {
            new TextBlock(Title(ctx, p), TextStyle.Heading),
            new TextBlock(ctx.T("onboarding.joined", p.JoinedOn, p.DaysSinceJoining(today)), TextStyle.Note),
            new FactsBlock(p.Steps.Select(s => new Fact(ctx.T($"onboarding.step.{s.Step}"),
                !s.Done ? ctx.T($"onboarding.todo.{s.Step}")
                : s.On is { } on ? ctx.T("onboarding.done-on", on)
                : ctx.T("onboarding.done"))).ToList()),
        };
        blocks.Add(p.Stage is { } next
            ? new TextBlock(ctx.T("onboarding.next", ctx.T($"onboarding.step.{next}")))
            : new TextBlock(p.DaysToFirstDeal is { } days ? ctx.T("onboarding.complete", days) : ctx.T("onboarding.complete-earlier"), TextStyle.Success));
        return blocks;
    }
}
