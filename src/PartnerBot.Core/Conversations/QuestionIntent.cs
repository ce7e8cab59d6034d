using PartnerBot.Knowledge;

namespace PartnerBot.Conversations;

/// <summary>
/// Whether a message that begins with a command word reads as a question about the program instead: "MDF percentage
/// by tier?", "commission berapa peratus untuk reseller", "佣金 怎么算". The command word alone ("mdf", "mdf?") and a
/// command with its arguments ("commission DR-123", "register Acme Corp, about $40k") stay commands, and so does a
/// command word followed by common words only ("content what is the"): nothing is asked, and the command says so.
/// The one place the <see cref="Router"/> asks, whatever the phrases' source.
/// </summary>
public static class QuestionIntent
{
    // Words that open a question, folded (no case, no accents), in the four program languages.
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "how", "what", "whats", "when", "where", "which", "who", "why", "can", "could", "do", "does", "is", "are", "should", "will",
        "bagaimana", "macam", "apa", "apakah", "berapa", "berapakah", "bila", "bilakah", "boleh", "bolehkah", "adakah", "kenapa", "mengapa", "siapa",
        "jak", "jaka", "jaki", "jakie", "czy", "ile", "kiedy", "co", "dlaczego", "gdzie", "kto", "ktory", "ktora",
    };

    // Chinese question words and particles: a question has one of them anywhere.
    private static readonly string[] ChineseMarkers = ["吗", "呢", "多少", "什么", "怎么", "如何", "几", "是否", "哪", "多久", "为什么"];

    // Words that open a request for an explanation, which a person means as a question: "explain MDF", "jelaskan
    // tahap", "wyjaśnij prowizję", "介绍一下分级".
    private static readonly HashSet<string> RequestWords = new(StringComparer.Ordinal)
    {
        "explain", "describe", "tell",
        "jelaskan", "terangkan", "huraikan", "beritahu",
        "wyjasnij", "opisz", "powiedz",
    };

    private static readonly string[] ChineseRequests = ["请问", "告诉", "解释", "介绍", "说明"];

    /// <summary>Whether <paramref name="text"/>, in which a command phrase left <paramref name="arguments"/>, is a question.</summary>
    public static bool ReadsAsQuestion(string text, string arguments) =>
        arguments.Trim().Length > 0 && Asks(text, arguments, QuestionWords, ChineseMarkers);

    /// <summary>
    /// Whether a message no command took reads as a question, or a request to explain, about the program: only
    /// such text is worth a "not found, ask your rep?" — a typo, a greeting or gibberish is not a question.
    /// </summary>
    public static bool IsQuestion(string text) =>
        Asks(text, text, QuestionWords.Concat(RequestWords), ChineseMarkers.Concat(ChineseRequests));

    private static bool Asks(string text, string asked, IEnumerable<string> openers, IEnumerable<string> chinese)
    {
        // The assistant's own test of "is anything asked": common words alone leave it nothing to search for.
        if (KnowledgeText.ToQuery(asked) is null) return false;
        var trimmed = text.TrimEnd();
        if (trimmed.EndsWith('?') || trimmed.EndsWith('？')) return true;
        var first = new string(Router.Normalize(asked).TakeWhile(char.IsLetterOrDigit).ToArray());
        if (openers.Contains(first)) return true;
        return chinese.Any(m => asked.Contains(m, StringComparison.Ordinal));
    }
}
