using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.People;

namespace PartnerBot.Tiers;

/// <summary>"tier": the current tier, the next one, each criterion against the threshold, and what is missing.</summary>
public sealed class TierCommand(TierService tiers, Microsoft.Extensions.Options.IOptions<PartnerProgram.ProgramOptions> program) : ICommand
{
    public CommandInfo Info { get; } = new("tier", CommandInfo.Everyone)
    {
        HelpKey = "help.tier",
        Order = 50,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        if (await NamedPartner.ResolveAsync(ctx, arguments, "tiers.staff-name-partner", "commission.error.partner-not-found", null, ct) is not (var org, _)) return;
        var s = await tiers.StandingAsync(org, ctx.Now, ct);
        var lang = ctx.Language;
        var blocks = new List<Block>
        {
            new TextBlock(ctx.T("tiers.title", org.Name, s.Current.Name), TextStyle.Heading),
        };
        var facts = new List<Fact>();
        if (org.TierSince is { } since) facts.Add(new Fact(ctx.T("tiers.since"), LocaleFormat.For(lang).Date(since)));
        if (s.Recertification is { } recert) facts.Add(new Fact(ctx.T("tiers.recertification"), LocaleFormat.For(lang).Date(recert)));
        if (facts.Count > 0) blocks.Add(new FactsBlock(facts));

        if (org.TierGraceUntil is { } grace)
            blocks.Add(new TextBlock(ctx.T("tiers.warning", s.Current.Name, tiers.Missing(s.CurrentChecks, lang),
                LocaleFormat.For(lang).Date(DateOnly.FromDateTime(grace.UtcDateTime))), TextStyle.Warning));

        if (s.Next is null)
        {
            blocks.Add(new TextBlock(ctx.T("tiers.top"), TextStyle.Success));
        }
        else
        {
            blocks.Add(new FactsBlock(s.NextChecks.Select(c => new Fact(ctx.T($"tiers.criterion.{c.Criterion}"), Value(ctx, c))).ToList())
            { Title = ctx.T("tiers.next", s.Next.Name) });
            var missing = tiers.Missing(s.NextChecks, lang);
            blocks.Add(new TextBlock(missing.Length == 0 ? ctx.T("tiers.next-ready", s.Next.Name) : ctx.T("tiers.missing", s.Next.Name, missing)));
        }
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("tiers.title", org.Name, s.Current.Name) });
    }

    private string Value(TurnContext ctx, CriterionCheck c)
    {
        var mark = c.Met ? "✓" : "✗";
        var format = LocaleFormat.For(ctx.Language);
        var currency = program.Value.Currency;
        return c.Criterion switch
        {
            Criterion.AnnualRevenue => $"{mark} {format.Money(c.Value, currency)} / {format.Money(c.Threshold, currency)}",
            Criterion.DedicatedPractice or Criterion.ExecutiveSponsor => $"{mark} {ctx.T(c.Met ? "tiers.yes" : "tiers.no")}",
            _ => $"{mark} {format.Number(c.Value)} / {format.Number(c.Threshold)}",
        };
    }
}
