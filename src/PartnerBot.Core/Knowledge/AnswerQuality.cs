using FuzzySharp;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Knowledge;

/// <summary>
/// Answer quality, from the answers the assistant kept (<see cref="KnowledgeAnswer"/>) this period: how many
/// questions it answered and declined, the share of rated answers that helped, and the questions it did not answer
/// (declined, or rated "not helpful" / "didn't answer"), similar wordings counted together, most asked first: the
/// content the program's documents lack. The questions are partners' own words, so only the program's managers read
/// this part (a manager's digest covers every partner); a rep's digest has none, and partners get no digest.
/// Knowledge gathers facts from every capability, so it knows none; it may use the digest's frame, as every
/// capability may: <see cref="AnswerQualityDigestSection"/> hangs this part in the digest.
/// </summary>
public static class AnswerQuality
{
    /// <summary>How alike two questions' words must be (0–100, word order ignored) to count as one question.</summary>
    public const int SameQuestion = 80;
    /// <summary>Longest question a gap shows; the rest is cut.</summary>
    public const int MaxQuestionShown = 200;

    /// <summary>Whether a digest for <paramref name="recipient"/> covering every partner (or not) may show partners' questions.</summary>
    public static bool ShownTo(Actor recipient, bool coversEveryPartner) => coversEveryPartner && OrganisationAccess.SeesAll(recipient);

    /// <summary>
    /// The part's title and blocks for answers given in (<paramref name="from"/>, <paramref name="to"/>], in the
    /// recipient's words (<paramref name="t"/>), the gaps list cut by <paramref name="cut"/>; null when nobody asked.
    /// </summary>
    public static async Task<(string Title, IReadOnlyList<Block> Blocks)?> BuildAsync(Storage.PartnerBotDb db, DateTimeOffset from, DateTimeOffset to,
        Func<string, object?[], string> t, Func<IReadOnlyList<Fact>, IReadOnlyList<Fact>> cut, CancellationToken ct)
    {
        string T(string key, params object?[] args) => t(key, args);
        var answers = await db.KnowledgeAnswers.AsNoTracking()
            .Where(a => a.AnsweredAt > from && a.AnsweredAt <= to)
            .Select(a => new { a.Question, a.Outcome, a.Rating, a.AnsweredAt })
            .ToListAsync(ct);
        if (answers.Count == 0) return null;

        var declined = answers.Count(a => a.Outcome == AnswerOutcome.Declined);
        var rated = answers.Count(a => a.Outcome == AnswerOutcome.Answered && a.Rating is not null);
        var helpful = answers.Count(a => a.Outcome == AnswerOutcome.Answered && a.Rating == AnswerRating.Helpful);
        var blocks = new List<Block>
        {
            new TextBlock(T("digest.answers.counts", answers.Count - declined, declined)),
            new TextBlock(rated == 0 ? T("digest.answers.unrated") : T("digest.answers.helpful", (int)Math.Round(100m * helpful / rated, MidpointRounding.AwayFromZero), helpful, rated)),
        };
        var unanswered = answers
            .Where(a => a.Outcome == AnswerOutcome.Declined || a.Rating is AnswerRating.NotHelpful or AnswerRating.DidNotAnswer)
            .OrderBy(a => a.AnsweredAt).Select(a => a.Question).ToList();
        var gaps = Group(unanswered);
        if (gaps.Count > 0)
            blocks.Add(new FactsBlock(cut(gaps.Select(g => new Fact(Shown(g.Question), T("digest.answers.gap.asked", g.Count))).ToList()))
            {
                Title = T("digest.answers.gaps"),
            });
        return (T("digest.answers.title"), blocks);
    }

    /// <summary>
    /// Questions counted together when their folded words are alike (<see cref="SameQuestion"/>): each group is named by
    /// its first wording, most asked first, then the earliest asked.
    /// </summary>
    public static IReadOnlyList<(string Question, int Count)> Group(IReadOnlyList<string> questions)
    {
        var groups = new List<(string Question, string Key, int Count)>();
        foreach (var question in questions)
        {
            var key = KnowledgeText.Fold(question).Trim();
            var at = groups.FindIndex(g => Fuzz.TokenSortRatio(g.Key, key) >= SameQuestion);
            if (at < 0) groups.Add((question.Trim(), key, 1));
            else groups[at] = groups[at] with { Count = groups[at].Count + 1 };
        }
        return groups.Select((g, i) => (g, i)).OrderByDescending(x => x.g.Count).ThenBy(x => x.i)
            .Select(x => (x.g.Question, x.g.Count)).ToList();
    }

    private static string Shown(string question) =>
        question.Length <= MaxQuestionShown ? question : question[..(MaxQuestionShown - 1)] + "…";
}
