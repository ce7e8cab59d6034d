using System.Globalization;
using System.Text;

namespace PartnerBot.Knowledge;

/// <summary>
/// How text is folded for the index and for questions, the same way on both sides: lower case, no accents (ł → l),
/// punctuation as spaces, and Chinese (which has no spaces) written as overlapping character bigrams, so "佣金比例"
/// is indexed as "佣金 金比 比例" and a two-character word such as 佣金 matches on its own. Questions also drop
/// stop words and turn longer words into prefixes ("prowizji" → prowiz*), a light stemmer for English, Malay and Polish.
/// </summary>
public static class KnowledgeText
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "an", "the", "how", "do", "does", "did", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "is", "are",
        "was", "be", "been", "am", "what", "whats", "when", "where", "which", "who", "why", "can", "could", "should", "would",
        "will", "to", "of", "for", "in", "on", "at", "by", "with", "from", "and", "or", "it", "its", "this", "that", "there",
        "about", "as", "if", "get", "got", "much", "many", "long", "please", "tell", "any", "some", "have", "has", "need",
        "needs", "s", "there", "into", "than", "then", "so", "up", "out", "also", "more", "most", "other", "all",
        // Malay
        "apa", "apakah", "bagaimana", "bagaimanakah", "saya", "kami", "kita", "anda", "adakah", "boleh", "untuk", "yang",
        "dan", "di", "ke", "dari", "daripada", "ini", "itu", "berapa", "bila", "bilakah", "ada", "dengan", "tentang",
        "lama", "perlu", "mahu", "ialah", "adalah", "atau", "kah", "sahaja", "juga", "akan", "sudah", "mana", "mengapa",
        // Polish (folded: no accents)
        "jak", "czy", "moj", "moja", "moje", "mojej", "moich", "mnie", "mi", "ja", "co", "jest", "sa", "do", "na", "w", "z",
        "o", "sie", "ile", "kiedy", "jaki", "jaka", "jakie", "dla", "po", "od", "to", "moge", "mozna", "nasz", "nasza",
        "nasze", "przez", "jesli", "a", "oraz", "lub", "ten", "ta", "tego", "tej", "mam", "musze", "trzeba", "dlugo",
        "u", "we", "ze", "za", "czym", "gdzie", "dlaczego", "by", "aby", "bardzo",
    };

    // Chinese function words and question words, removed from questions before they are cut into bigrams.
    private static readonly string[] ChineseStopWords =
    [
        "请问", "如何", "怎么样", "怎么", "怎样", "什么", "多少", "可以", "是否", "哪些", "哪个", "能否", "我们", "我的",
        "你们", "需要", "吗", "呢", "吧", "的", "了", "我", "你", "请", "是", "在", "有", "和", "与", "要", "会", "能", "么",
    ];

    public static bool IsCjk(char c) =>
        c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\u3040' and <= '\u30FF';

    /// <summary>The text as the index stores it.</summary>
    public static string ForIndex(string text) => string.Join(' ', Tokens(Fold(text)));

    /// <summary>
    /// An FTS5 MATCH expression for a question: its meaningful terms OR-ed, each quoted (so nothing a person types is
    /// FTS syntax). Null when nothing meaningful is left ("how?", "的").
    /// </summary>
    public static string? ToMatchQuery(string question)
    {
        var folded = Fold(question);
        foreach (var stop in ChineseStopWords) folded = folded.Replace(stop, " ", StringComparison.Ordinal);
        var terms = new List<string>();
        foreach (var word in Words(folded))
        {
            if (IsCjk(word[0]))
            {
                if (word.Length == 1) terms.Add($"\"{word}\"*");
                else for (var i = 0; i + 1 < word.Length; i++) terms.Add($"\"{word.Substring(i, 2)}\"");
                continue;
            }
            if (StopWords.Contains(word)) continue;
            if (word.Length < 2 && !char.IsDigit(word[0])) continue;
            terms.Add(word.Length >= 6 ? $"\"{word[..Math.Max(5, word.Length - 3)]}\"*" : $"\"{word}\"");
        }
        var distinct = terms.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? null : string.Join(" OR ", distinct);
    }

    /// <summary>Lower case, accents removed, ł → l, anything that is not a letter or digit becomes a space.</summary>
    public static string Fold(string text)
    {
        var s = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (c == 'ł') sb.Append('l');
            else if (char.IsLetterOrDigit(c)) sb.Append(c);
            else sb.Append(' ');
        }
        return sb.ToString();
    }

    // Words split at spaces and at every change between Chinese and other scripts ("mdf预算" → "mdf", "预算").
    private static IEnumerable<string> Words(string folded)
    {
        var sb = new StringBuilder();
        bool? cjk = null;
        foreach (var c in folded)
        {
            if (c == ' ')
            {
                if (sb.Length > 0) yield return sb.ToString();
                sb.Clear();
                cjk = null;
                continue;
            }
            var isCjk = IsCjk(c);
            if (cjk is not null && cjk != isCjk && sb.Length > 0)
            {
                yield return sb.ToString();
                sb.Clear();
            }
            cjk = isCjk;
            sb.Append(c);
        }
        if (sb.Length > 0) yield return sb.ToString();
    }

    private static IEnumerable<string> Tokens(string folded)
    {
        foreach (var word in Words(folded))
        {
            if (!IsCjk(word[0]) || word.Length == 1)
            {
                yield return word;
                continue;
            }
            for (var i = 0; i + 1 < word.Length; i++) yield return word.Substring(i, 2);
        }
    }
}
