using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.PartnerVoice;

/// <summary>
/// "survey": a partner user gets the question of the round running for their organisation (to answer, or to change an
/// answer); staff get the Net Promoter Score of the partners they can see over the last round. Comments are partners'
/// own words about the program: managers read them, reps read only the score of their partners.
/// </summary>
public sealed class SurveyCommand(IOptions<ProgramOptions> program, Localizer localizer) : ICommand
{
    public CommandInfo Info { get; } = new("survey", CommandInfo.Everyone)
    {
        HelpKey = "help.survey",
        Order = 460,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var rules = program.Value.PartnerVoice;
        if (ctx.Actor.IsPartner)
        {
            var org = await ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(ct);
            var round = org is null ? null : PartnerSurvey.Round(org.JoinedOn, PartnerSurvey.UtcDay(ctx.Now), rules);
            if (round is not { } open)
            {
                ctx.Send(ctx.T("survey.none-open"), Visibility.Asker);
                return;
            }
            var given = await ctx.Db.SurveyAnswers.AsNoTracking()
                .Where(a => a.PersonId == ctx.Actor.PersonId && a.Round == open).Select(a => (int?)a.Score).FirstOrDefaultAsync(ct);
            if (given is { } score) ctx.Send(ctx.T("survey.answered", LocaleFormat.For(ctx.Language).Number(score)), Visibility.Asker);
            ctx.Send(PartnerSurvey.Question(localizer, ctx.Language, program.Value.Name, open));
            return;
        }

        var all = OrganisationAccess.SeesAll(ctx.Actor);
        var ids = all ? null : await ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).Select(o => o.Id).ToListAsync(ct);
        var days = PartnerVoiceFigures.WindowDays(rules);
        var figures = await PartnerVoiceFigures.LoadAsync(ctx.Db, ids, ctx.Now.AddDays(-days), ctx.Now, ct);
        var blocks = PartnerVoiceText.Blocks(ctx.T, LocaleFormat.For(ctx.Language), figures, days, all, ctx.Actor.TimeZone);
        var title = ctx.T("survey.staff.title", days);
        ctx.Send(new Reply([new TextBlock(title, TextStyle.Heading), .. blocks]) { Visibility = Visibility.Asker, Summary = title });
    }
}

/// <summary>The survey's figures in words: the command's answer and the digest's section say them alike.</summary>
public static class PartnerVoiceText
{
    /// <summary>Most comments shown at once.</summary>
    public const int MaxComments = 5;
    /// <summary>Longest comment shown; the rest is cut.</summary>
    public const int MaxCommentShown = 300;

    public static List<Block> Blocks(Func<string, object?[], string> t, LocaleFormat format, PartnerVoiceFigures figures, int days,
        bool withComments, TimeZoneInfo zone, IReadOnlyList<SurveyComment>? comments = null)
    {
        string T(string key, params object?[] args) => t(key, args);
        var nps = figures.Nps;
        if (nps.Answers == 0) return [new TextBlock(T("survey.figures.none", days))];
        var blocks = new List<Block>
        {
            new FactsBlock([
                new Fact(T("survey.figures.nps"), format.Number(nps.Score!.Value)),
                new Fact(T("survey.figures.answers"), format.Number(nps.Answers)),
                new Fact(T("survey.figures.promoters"), T("survey.figures.share", format.Number(nps.Promoters), format.Percent(Digests.DigestContext.Percent(nps.Promoters, nps.Answers)))),
                new Fact(T("survey.figures.passives"), T("survey.figures.share", format.Number(nps.Passives), format.Percent(Digests.DigestContext.Percent(nps.Passives, nps.Answers)))),
                new Fact(T("survey.figures.detractors"), T("survey.figures.share", format.Number(nps.Detractors), format.Percent(Digests.DigestContext.Percent(nps.Detractors, nps.Answers)))),
            ]),
            new TextBlock(T("survey.figures.explain"), TextStyle.Note),
        };
        var shown = comments ?? figures.Comments;
        if (withComments && shown.Count > 0)
        {
            var facts = shown.Take(MaxComments).Select(c => new Fact(
                T("survey.comment.from", c.OrganisationName, format.Number(c.Score), format.Date(c.At, zone)),
                c.Text.Length <= MaxCommentShown ? c.Text : c.Text[..(MaxCommentShown - 1)] + "…")).ToList();
            if (shown.Count > MaxComments) facts.Add(new Fact("…", T("survey.comment.more", format.Number(shown.Count - MaxComments))));
            blocks.Add(new FactsBlock(facts) { Title = T("survey.comment.title") });
        }
        return blocks;
    }
}
