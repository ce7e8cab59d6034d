using System.Globalization;
using System.Text;
using FuzzySharp;
using PartnerBot.People;
using PartnerBot.Text;

namespace PartnerBot.Conversations;

public sealed record RouteMatch(ICommand Command, string Arguments, bool Allowed);

/// <summary>
/// Finds the command a message asks for, by the words <see cref="Vocabulary"/> holds for it. Matching is on whole
/// leading words, case- and accent-insensitive, and the longest phrase wins ("my deals" over "my"). A phrase must be
/// followed by the end, a space or punctuation — also in Chinese, which has no spaces: "交易" (deals) must not swallow
/// the question "交易注册保护多久？" — or, after a Chinese phrase, by a Latin id ("延期DR-1042"). A message that reads
/// as a question (<see cref="QuestionIntent"/>) is no command even when it begins with a command word.
/// </summary>
public sealed class Router
{
    private readonly List<(string Phrase, ICommand Command)> _phrases;
    private readonly Vocabulary _vocabulary;

    /// <summary>A command without words refuses the start; the vocabulary has already refused a phrase claimed twice.</summary>
    public Router(IEnumerable<ICommand> commands, Vocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        Commands = commands.OrderBy(c => c.Info.Order).ToList();
        _phrases = Commands
            .SelectMany(c => vocabulary.Words(c.Info.Name).AllPhrases.Select(Normalize).Distinct().Select(p => (p, c)))
            .OrderByDescending(x => x.p.Length)
            .ToList();
    }

    public IReadOnlyList<ICommand> Commands { get; }

    public IEnumerable<ICommand> CommandsFor(Role role) => Commands.Where(c => c.Info.Roles.Contains(role));

    /// <summary>The commands help and suggestions offer this person: their role's, less those offered only to some.</summary>
    public IEnumerable<ICommand> CommandsOffered(Actor actor) =>
        CommandsFor(actor.Role).Where(c => c.Info.OfferedTo?.Invoke(actor) ?? true);

    public RouteMatch? Match(string text, Role role)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0) return null;
        foreach (var (phrase, command) in _phrases)
        {
            if (!StartsWithPhrase(normalized, phrase)) continue;
            var args = text.Trim().TrimStart('/');
            args = CutLeading(args, phrase);
            if (args.All(c => char.IsPunctuation(c) || char.IsWhiteSpace(c))) args = ""; // "帮助？", "help!"
            // "MDF percentage by tier?" begins with a command word but asks the assistant.
            if (!command.Info.TakesQuestion && QuestionIntent.ReadsAsQuestion(text, args)) return null;
            return new RouteMatch(command, args, command.Info.Roles.Contains(role));
        }
        return null;
    }

    /// <summary>
    /// The commands whose words come closest to a message no command matched ("comision", "show me my deals",
    /// "urus niaga"), best first: those help lists for this role, "help" itself aside (the answer names it anyway).
    /// The person's own language counts first; English words count a little less, since many type them anyway. Ties
    /// keep help's order, so text like nothing at all gets help's first commands.
    /// </summary>
    public IReadOnlyList<ICommand> Closest(string text, Actor actor, string language, int count = 3)
    {
        var normalized = Normalize(text);
        return CommandsOffered(actor)
            .Where(c => c.Info.HelpKey is not null && c.Info.Name != "help")
            .Select((c, order) => (Command: c, Order: order, Score: Similarity(normalized, c.Info.Name, language)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Order)
            .Take(count)
            .Select(x => x.Command)
            .ToList();
    }

    /// <summary>
    /// Whether a message no command matched is a command mistyped ("comision", "show me my dealz", "我的佣"): it is
    /// about as long as one of the command's phrases and nearly the same. A longer sentence that merely contains a
    /// command word ("gold tier mdf percentage") is not.
    /// </summary>
    public bool IsNearMiss(string text, Role role, string language)
    {
        var normalized = Normalize(text);
        var words = normalized.Split(' ').Length;
        return CommandsFor(role).Where(c => c.Info.HelpKey is not null)
            .Any(c => PhrasesOf(c.Info.Name, language).Any(x => NearlySame(normalized, words, x.Phrase)));
    }

    private static bool NearlySame(string text, int words, string phrase) =>
        Fuzz.Ratio(text, phrase) >= NearMissScore ||
        (words <= phrase.Split(' ').Length + 2 && phrase.Length >= 4 && Fuzz.PartialRatio(text, phrase) >= NearMissScore);

    private const int NearMissScore = 85;

    /// <summary>The command's phrases in <paramref name="language"/>, then in English at nine tenths of the weight.</summary>
    private IEnumerable<(string Phrase, int Weight)> PhrasesOf(string command, string language)
    {
        var words = _vocabulary.Words(command).Phrases;
        var own = (words.GetValueOrDefault(language) ?? []).Select(p => (Normalize(p), 10));
        return language == Languages.English ? own
            : own.Concat((words.GetValueOrDefault(Languages.English) ?? []).Select(p => (Normalize(p), 9)));
    }

    private int Similarity(string normalized, string command, string language) =>
        normalized.Length == 0 ? 0 : PhrasesOf(command, language).Max(p => PhraseSimilarity(normalized, p.Phrase) * p.Weight / 10);

    // A phrase inside a longer message ("can i see my deals") scores by its best-matching stretch of the message; a
    // message shorter than the phrase ("comision") by the whole of both.
    private static int PhraseSimilarity(string text, string phrase) =>
        phrase.Length <= text.Length ? Fuzz.PartialRatio(text, phrase) : Fuzz.Ratio(text, phrase);

    private static bool StartsWithPhrase(string text, string phrase)
    {
        if (!text.StartsWith(phrase, StringComparison.Ordinal)) return false;
        if (text.Length == phrase.Length) return true;
        var next = text[phrase.Length];
        return next == ' ' || char.IsPunctuation(next) || IsIdAfterChinese(text, phrase);
    }

    // Chinese runs straight into a Latin id: "延期DR-1042", "等级acme". A Latin word that runs on into Chinese is part of
    // a sentence ("等级Gold需要什么？"), and Latin running into Chinese ("mdf预算") is a question, not "mdf".
    private static bool IsIdAfterChinese(string text, string phrase)
    {
        if (!Scripts.IsUnspaced(phrase[^1]) || !char.IsAsciiLetterOrDigit(text[phrase.Length])) return false;
        var word = text[phrase.Length..].TakeWhile(c => c != ' ' && !(char.IsPunctuation(c) && c is not ('-' or '_' or '.')));
        return !word.Any(Scripts.IsUnspaced);
    }

    // Arguments keep the person's own spelling and case: cut as many characters as the phrase covers.
    private static string CutLeading(string original, string phrase)
    {
        var words = phrase.Split(' ').Length;
        if (Scripts.IsUnspaced(phrase[^1])) return original[Math.Min(original.Length, phrase.Length)..].TrimStart(ArgumentLead).Trim();
        var rest = original;
        for (var i = 0; i < words; i++)
        {
            rest = rest.TrimStart();
            // Any white space ends a word, as Normalize reads it: a line break after the command's words too.
            var space = rest.AsSpan().IndexOfAny(WordBreaks);
            rest = space < 0 ? "" : rest[(space + 1)..];
        }
        return rest.TrimStart(ArgumentLead).Trim();
    }

    private static readonly System.Buffers.SearchValues<char> WordBreaks = System.Buffers.SearchValues.Create(" \t\r\n\u00a0\u3000");

    /// <summary>What may stand between a command and its arguments: "register: Acme", "注册：阿尔法公司".</summary>
    private static readonly char[] ArgumentLead = [' ', ':', '：', ',', '，', '、', '-'];

    /// <summary>Lower case, no accents, no leading slash, no trailing punctuation, single spaces.</summary>
    public static string Normalize(string text)
    {
        var s = text.Trim().TrimStart('/').ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsWhiteSpace(c)) { space = sb.Length > 0; continue; }
            if (space) { sb.Append(' '); space = false; }
            sb.Append(c == 'ł' ? 'l' : c);
        }
        return sb.ToString().TrimEnd('?', '!', '.', '？', '！', '。', ' ');
    }
}
