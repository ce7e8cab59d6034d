using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Commissions;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.PartnerVoice;

/// <summary>
/// "qbr [period]": a partner's quarterly business review for its own organisation, as a card and a CSV link that
/// works for Program:PartnerVoice:DownloadHours; staff name the partner first ("qbr acme last quarter"). The period
/// is read as statements read it (this quarter by default). Always private; a partner outside the asker's scope is
/// simply not found.
/// </summary>
public sealed class QbrCommand(QuarterlyReview review, Downloads downloads, IOptions<ProgramOptions> program) : ICommand
{
    public CommandInfo Info { get; } = new("qbr", CommandInfo.Everyone)
    {
        HelpKey = "help.qbr",
        Order = 470,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        if (await NamedPartner.ResolveAsync(ctx, arguments, "qbr.staff-name-partner", "qbr.not-found", "qbr.none", ct) is not (var org, var args)) return;
        var period = Period.Parse(args, DateOnly.FromDateTime(ctx.Now.UtcDateTime));
        if (period is null)
        {
            ctx.Send(ctx.T("qbr.error.period", args), Visibility.Asker);
            return;
        }

        var pack = await review.BuildAsync(ctx.Db, org, period, ct);
        var format = LocaleFormat.For(ctx.Language);
        var currency = program.Value.Currency;
        var title = ctx.T("qbr.title", org.Name, period.Label);
        var blocks = new List<Block> { new TextBlock(title, TextStyle.Heading) };
        foreach (var section in QbrPack.Sections)
        {
            var facts = pack.Figures.Where(f => f.Section == section).GroupBy(f => f.Measure)
                .Where(g => !(section == "onboarding" && g.Key == "steps"))
                .Select(g => new Fact(Label(ctx, g.First()), Value(ctx, format, pack, g.ToList(), currency))).ToList();
            blocks.Add(new FactsBlock(facts) { Title = ctx.T($"qbr.section.{section}") });
        }
        var hours = program.Value.PartnerVoice.DownloadHours;
        var fileName = $"qbr-{org.Id}-{period.Label.Replace(' ', '-')}.csv";
        var link = downloads.Add(ctx.Actor.PersonId, fileName, "text/csv; charset=utf-8",
            QuarterlyReview.Csv(pack, f => Label(ctx, f)), TimeSpan.FromHours(hours));
        blocks.Add(new LinksBlock([new Link(ctx.T("qbr.csv"), link)]));
        blocks.Add(new TextBlock(ctx.T("qbr.csv-note", hours), TextStyle.Note));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = title });
    }

    private static string Label(TurnContext ctx, QbrFigure f) => ctx.T($"qbr.{f.Section}.{f.Measure}");

    private static string Value(TurnContext ctx, LocaleFormat format, QbrPack pack, IReadOnlyList<QbrFigure> figures, string currency)
    {
        var f = figures[0];
        if (f.Section == "onboarding" && f.Measure == "steps-done")
        {
            var steps = pack.Figures.First(x => x.Section == "onboarding" && x.Measure == "steps").Value;
            return f.Text == "complete"
                ? ctx.T("qbr.onboarding.complete", format.Number(f.Value), format.Number(steps))
                : ctx.T("qbr.onboarding.next", format.Number(f.Value), format.Number(steps), ctx.T($"onboarding.step.{f.Text}"));
        }
        return f.Currency is null
            ? format.Number(f.Value)
            : format.Money(figures.Select(x => new Money(x.Value, x.Currency ?? currency)));
    }
}
