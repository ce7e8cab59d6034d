using PartnerBot.Digests;
using PartnerBot.People;

namespace PartnerBot.PartnerVoice;

/// <summary>
/// Partner voice (Order 85): the Net Promoter Score of the scope's partners over the last round of the survey, and
/// for the program's managers (a digest covering every partner) the comments given since the last digest. A rep's
/// digest has the score of their own partners and no comments.
/// </summary>
public sealed class PartnerVoiceDigestSection : IDigestSection
{
    public int Order => 85;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var rules = ctx.Program.PartnerVoice;
        var days = PartnerVoiceFigures.WindowDays(rules);
        var scope = ctx.Scope;
        var figures = await ctx.MemoAsync("partner-voice", () =>
            PartnerVoiceFigures.LoadAsync(ctx.Db, scope.AllPartners ? null : scope.PartnerIds, scope.Now.AddDays(-days), scope.Now, ct));
        if (figures.Nps.Answers == 0 && rules.SurveyEveryDays <= 0) return null;
        var withComments = scope.AllPartners && OrganisationAccess.SeesAll(scope.Recipient);
        var fresh = figures.Comments.Where(c => c.At > scope.PeriodStart).ToList();
        var blocks = PartnerVoiceText.Blocks(ctx.T, ctx.Format, figures, days, withComments, scope.Recipient.TimeZone, fresh);
        return new DigestSection(ctx.T("digest.voice.title"), blocks);
    }
}
