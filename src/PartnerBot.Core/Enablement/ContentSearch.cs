using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Text;

namespace PartnerBot.Enablement;

public sealed record ContentQuery(string Words, string? Type = null, string? Product = null, string? Stage = null, string? Language = null)
{
    public bool HasFilters => !string.IsNullOrEmpty(Type) || !string.IsNullOrEmpty(Product) || !string.IsNullOrEmpty(Stage) || !string.IsNullOrEmpty(Language);
}

public enum QueryProblem { None, Empty, TooLong, OnlyStopWords }

/// <summary>Which field matched which of the query's terms: the "why" line of a hit.</summary>
public sealed record MatchedField(string Field, IReadOnlyList<string> Terms);

public sealed record ContentHit(ContentItem Item, double Score, IReadOnlyList<MatchedField> Why);

public sealed record ContentSearchResult(QueryProblem Problem, IReadOnlyList<ContentHit> Hits)
{
    public static ContentSearchResult Refused(QueryProblem p) => new(p, []);
}

/// <summary>A query cut into terms: words for spaced languages, runs of an unspaced script (Chinese, kana) for the others.</summary>
public sealed record QueryTerms(IReadOnlyList<string> Words, IReadOnlyList<string> Unspaced, bool HadOnlyStopWords)
{
    public bool IsEmpty => Words.Count == 0 && Unspaced.Count == 0;
}

/// <summary>
/// Full-text search over the content catalog. Ranks with the provider's index (<see cref="IContentIndex"/>: title and
/// tags weigh most, substrings for Chinese), multiplies items in the person's own language by Program:Enablement:OwnLanguageBoost,
/// and only returns what the person's tier may see.
/// </summary>
public sealed class ContentSearch(IOptions<ProgramOptions> options)
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "get", "give", "have", "how",
        "i", "in", "is", "it", "me", "my", "need", "of", "on", "or", "our", "please", "show", "some", "any", "that",
        "the", "there", "this", "to", "us", "want", "we", "what", "where", "which", "who", "with", "you", "your", "about",
        "find", "looking", "something", "anything", "all", "into", "was", "were", "will", "would", "should", "could",
        // Malay
        "dan", "yang", "untuk", "di", "ke", "dari", "ini", "itu", "dengan", "saya", "kami", "kita", "apa", "ada", "atau",
        "pada", "adalah", "tentang", "sila", "mahu", "cari", "boleh", "bagi", "juga",
        // Polish (accents are removed before the check)
        "i", "w", "z", "na", "do", "sie", "ze", "jak", "dla", "o", "to", "jest", "czy", "co", "mi", "po", "od", "ten",
        "ta", "te", "ktore", "ktory", "prosze", "potrzebuje", "szukam", "mam", "moj", "nasz", "oraz", "lub", "jakis",
    };

    // Chinese function characters split an unspaced run into the words around them.
    private const string HanStop = "的了吗呢我你他她它们请给要和与是在有些个么什怎哪吧啊这那就都也还找";

    /// <summary>Cuts a query into terms and drops stop words.</summary>
    public static QueryTerms Parse(string text)
    {
        var words = new List<string>();
        var unspaced = new List<string>();
        var sawAny = false;
        var sb = new StringBuilder();
        var inUnspaced = false;

        void Flush()
        {
            if (sb.Length == 0) return;
            var t = sb.ToString();
            sb.Clear();
            sawAny = true;
            if (inUnspaced)
            {
                foreach (var part in t.Split(HanStop.ToCharArray(), StringSplitOptions.RemoveEmptyEntries))
                    if (!unspaced.Contains(part)) unspaced.Add(part);
            }
            else if (!StopWords.Contains(Fold(t)) && !words.Contains(t)) words.Add(t);
        }

        foreach (var ch in text.ToLowerInvariant())
        {
            var isUnspaced = Scripts.IsUnspaced(ch);
            var isWord = isUnspaced || char.IsLetterOrDigit(ch) || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark;
            if (!isWord || isUnspaced != inUnspaced) Flush();
            if (!isWord) continue;
            inUnspaced = isUnspaced;
            sb.Append(ch);
        }
        Flush();
        return new QueryTerms(words, unspaced, sawAny && words.Count == 0 && unspaced.Count == 0);
    }

    public static QueryProblem Check(string words, int maxLength)
    {
        if (words.Length > maxLength) return QueryProblem.TooLong;
        var terms = Parse(words);
        if (terms.HadOnlyStopWords) return QueryProblem.OnlyStopWords;
        return terms.IsEmpty ? QueryProblem.Empty : QueryProblem.None;
    }

    /// <summary>The tiers whose material this person may see; null for vendor staff, who see everything.</summary>
    public static IReadOnlySet<string>? VisibleTiers(ProgramOptions program, Actor actor, string? organisationTier)
    {
        if (actor.IsVendorStaff) return null;
        var index = program.Tiers.FindIndex(t => string.Equals(t.Name, organisationTier, StringComparison.OrdinalIgnoreCase));
        // An organisation without a known tier sees the lowest tier's material only.
        var upTo = Math.Max(index, 0);
        return program.Tiers.Take(upTo + 1).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public static bool MayOpen(ProgramOptions program, Actor actor, string? organisationTier, ContentItem item) =>
        VisibleTiers(program, actor, organisationTier) is not { } tiers || tiers.Contains(item.MinTier);

    public async Task<ContentSearchResult> SearchAsync(PartnerBotDb db, Actor actor, ContentQuery query, CancellationToken ct)
    {
        using var measured = Observability.Telemetry.Search(Observability.Telemetry.Indexes.Content);
        var rules = options.Value.Enablement;
        var words = query.Words.Trim();
        var problem = Check(words, rules.MaxQueryLength);
        if (problem is QueryProblem.TooLong or QueryProblem.OnlyStopWords) return ContentSearchResult.Refused(problem);
        if (problem == QueryProblem.Empty && !query.HasFilters) return ContentSearchResult.Refused(QueryProblem.Empty);

        var tiers = VisibleTiers(options.Value, actor, await OrganisationTierAsync(db, actor, ct));
        var items = db.ContentItems.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Type)) items = items.Where(i => i.Type == query.Type);
        if (!string.IsNullOrEmpty(query.Product)) items = items.Where(i => i.Product == query.Product);
        if (!string.IsNullOrEmpty(query.Stage)) items = items.Where(i => i.Stage == query.Stage);
        if (!string.IsNullOrEmpty(query.Language)) items = items.Where(i => i.Language == query.Language);
        if (tiers is not null) items = items.Where(i => tiers.Contains(i.MinTier));

        var boost = (double)rules.OwnLanguageBoost;
        double Prefer(ContentItem i, double score) => i.Language == actor.Language ? score * boost : score;

        if (problem == QueryProblem.Empty)
        {
            // Filters only: newest first, the person's language ahead.
            var listed = await items.ToListAsync(ct);
            return new(QueryProblem.None, listed
                .OrderByDescending(i => Prefer(i, 1))
                .ThenByDescending(i => i.AddedAt)
                .Take(rules.MaxResults)
                .Select(i => new ContentHit(i, 0, []))
                .ToList());
        }

        var terms = Parse(words);
        var scores = await ContentIndex.For(db).ScoreAsync(terms, ct);
        if (scores.Count == 0) return new(QueryProblem.None, []);
        var ids = scores.Keys.ToList();
        var candidates = await items.Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        return new(QueryProblem.None, candidates
            .Select(i => new ContentHit(i, Prefer(i, scores[i.Id]), Explain(i, terms)))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Item.Id, StringComparer.Ordinal)
            .Take(rules.MaxResults)
            .ToList());
    }

    public static async Task<string?> OrganisationTierAsync(PartnerBotDb db, Actor actor, CancellationToken ct) =>
        actor.PartnerOrganisationId is null ? null
            : await db.PartnerOrganisations.AsNoTracking().Where(o => o.Id == actor.PartnerOrganisationId).Select(o => o.Tier).FirstOrDefaultAsync(ct);

    /// <summary>A crude stem: long words lose their last two letters, so "calculators" finds "calculator" and "kalkulatora" "kalkulator".</summary>
    public static string Stem(string word) => word.Length >= 6 ? word[..Math.Max(5, word.Length - 2)] : word;

    private static List<MatchedField> Explain(ContentItem item, QueryTerms terms)
    {
        var fields = new (string Name, string Text)[]
        {
            ("title", item.Title),
            ("tags", item.Tags),
            ("summary", item.Summary),
            ("type", $"{item.Type.Replace('-', ' ')} {item.Product} {item.Stage}"),
        };
        var result = new List<MatchedField>();
        foreach (var (name, text) in fields)
        {
            var folded = Fold(text);
            var tokens = folded.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            var hits = terms.Words.Where(w => tokens.Any(t => t.StartsWith(Fold(Stem(w)), StringComparison.Ordinal)))
                .Concat(terms.Unspaced.Where(h => text.Contains(h, StringComparison.Ordinal) ||
                                             (h.Length >= 3 && Enumerable.Range(0, h.Length - 2).Any(i => text.Contains(h.Substring(i, 3), StringComparison.Ordinal)))))
                .ToList();
            if (hits.Count > 0) result.Add(new MatchedField(name, hits));
        }
        return result;
    }

    private static readonly char[] Separators = " ,.;:!?()[]'\"/-–—\t\n%：，。、（）".ToCharArray();

    /// <summary>Lower case without accents (ł as l), as the unicode61 tokenizer sees words.</summary>
    public static string Fold(string s)
    {
        var d = s.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(c == 'ł' ? 'l' : c);
        }
        return sb.ToString();
    }
}
