using System.Globalization;
using System.Text.RegularExpressions;
using PartnerBot.Text;

namespace PartnerBot.PartnerProgram;

/// <summary>
/// The words people type around an amount in chat, one table each, for every reader of typed amounts (a deal's text, a
/// question to the knowledge base), so a word learnt for one is learnt for all: the words that multiply a number
/// ("250k", "200 tys", "1,2 mln", "250 ribu", "25万") and the words that name its currency ("$", "RM", "zł", "美元").
/// Each table builds the regular expression that finds its words and answers what a found word means.
/// </summary>
public static partial class AmountWords
{
    private static readonly (string Word, decimal Factor)[] Multipliers =
    [
        ("k", 1_000m), ("thousand", 1_000m), ("tys", 1_000m), ("tysięcy", 1_000m), ("tysiecy", 1_000m), ("ribu", 1_000m),
        ("rb", 1_000m), ("千", 1_000m), ("万", 10_000m),
        ("m", 1_000_000m), ("mn", 1_000_000m), ("mln", 1_000_000m), ("million", 1_000_000m), ("miliony", 1_000_000m),
        ("milionów", 1_000_000m), ("milionow", 1_000_000m), ("juta", 1_000_000m), ("jt", 1_000_000m),
        ("bn", 1_000_000_000m), ("billion", 1_000_000_000m),
    ];

    /// <summary>
    /// A regular-expression alternation of the multiplier words, to put inside a group of the caller's: a word in
    /// letters must end there (not "5 km", not "10 minutes"), an abbreviation may take a dot ("200 tys."); 千 and 万
    /// may run on into the next character ("25万美元"). Matches upper-case only with the caller's IgnoreCase.
    /// </summary>
    public static readonly string Pattern = Alternation(Multipliers.Select(m => m.Word), lettersEnd: @"\.?(?![\p{L}\d])");

    /// <summary>The factor of a word <see cref="Pattern"/> matched ("k" → 1,000, "万" → 10,000); 1 for anything else, none included.</summary>
    public static decimal Factor(string word)
    {
        var folded = word.Trim().TrimEnd('.').ToLowerInvariant();
        foreach (var (w, factor) in Multipliers)
            if (w == folded) return factor;
        return 1m;
    }

    /// <summary>
    /// A number and the word that multiplies it, as typed in chat: "250k", "1.2万", "1,5 mln", "200 tys.". Groups
    /// <c>num</c> (read by <see cref="ParseNumber"/>) and <c>mult</c> (read by <see cref="Factor"/>); <see cref="Read"/>
    /// reads both.
    /// </summary>
    public static readonly Regex NumberWithMultiplier = new(
        @"(?<![\d.,/-])(?<num>\d+(?:[.,]\d+)?)\s?(?<mult>" + Pattern + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The amount a <see cref="NumberWithMultiplier"/> match stands for ("1.2万" → 12,000); null when its number is none.</summary>
    public static decimal? Read(Match match) =>
        ParseNumber(match.Groups["num"].Value) is { } n ? n * Factor(match.Groups["mult"].Value) : null;

    /// <summary>"40,000" → 40000; "1.2" → 1.2; "120 000" → 120000; "1.234,50" → 1234.50.</summary>
    public static decimal? ParseNumber(string raw)
    {
        var s = raw.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal);
        var lastComma = s.LastIndexOf(',');
        var lastDot = s.LastIndexOf('.');
        if (lastComma >= 0 && lastDot >= 0)
        {
            var dec = Math.Max(lastComma, lastDot);
            s = s[..dec].Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal) + "." + s[(dec + 1)..];
        }
        else if (lastComma >= 0 || lastDot >= 0)
        {
            var sep = lastComma >= 0 ? ',' : '.';
            // Groups of exactly three digits after every separator are thousands ("40,000", "1.000.000"); else decimals.
            s = ThousandsRegex().IsMatch(s) ? s.Replace(sep.ToString(), "", StringComparison.Ordinal) : s.Replace(',', '.');
        }
        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    [GeneratedRegex(@"^\d{1,3}([.,])\d{3}(?:\1\d{3})*$")]
    private static partial Regex ThousandsRegex();

    /// <summary>Where a currency word stands: before the number ("$40k", "RM 120 000"), after it ("40,000 EUR", "5万美元"), or either.</summary>
    [Flags]
    private enum Place { Before = 1, After = 2, Either = Before | After }

    private static readonly (string Word, string Code, Place Place)[] Currencies =
    [
        ("US$", "USD", Place.Before), ("$", "USD", Place.Before), ("USD", "USD", Place.Either),
        ("dollar", "USD", Place.After), ("dollars", "USD", Place.After), ("美元", "USD", Place.After),
        ("€", "EUR", Place.Before), ("EUR", "EUR", Place.Either), ("euro", "EUR", Place.After), ("euros", "EUR", Place.After),
        ("欧元", "EUR", Place.After),
        ("£", "GBP", Place.Before), ("GBP", "GBP", Place.Either), ("pounds", "GBP", Place.After),
        ("RM", "MYR", Place.Before), ("MYR", "MYR", Place.Either), ("ringgit", "MYR", Place.After),
        ("令吉", "MYR", Place.After), ("马币", "MYR", Place.After),
        ("PLN", "PLN", Place.Either), ("zł", "PLN", Place.After), ("zl", "PLN", Place.After), ("złotych", "PLN", Place.After),
        ("zlotych", "PLN", Place.After), ("兹罗提", "PLN", Place.After),
        ("¥", "CNY", Place.Before), ("CNY", "CNY", Place.Either), ("RMB", "CNY", Place.Either), ("元", "CNY", Place.After),
        ("人民币", "CNY", Place.After),
        ("JPY", "JPY", Place.Either), ("yen", "JPY", Place.After),
        ("S$", "SGD", Place.Before), ("SGD", "SGD", Place.Either),
    ];

    /// <summary>An alternation of the currency words typed before a number: a word in letters must begin there ("RM", not "fiRM").</summary>
    public static readonly string CurrencyBefore = Alternation(
        Currencies.Where(c => c.Place.HasFlag(Place.Before)).Select(c => c.Word), lettersStart: @"\b");

    /// <summary>An alternation of the currency words typed after a number: a word in letters must end there ("5 EUR", not "5 Europe").</summary>
    public static readonly string CurrencyAfter = Alternation(
        Currencies.Where(c => c.Place.HasFlag(Place.After)).Select(c => c.Word), lettersEnd: @"(?![\p{L}])");

    /// <summary>The ISO code of a currency word either alternation matched ("zł" → PLN, "美元" → USD); null for another word.</summary>
    public static string? CurrencyCode(string word)
    {
        var folded = word.Trim();
        foreach (var (w, code, _) in Currencies)
            if (string.Equals(w, folded, StringComparison.OrdinalIgnoreCase)) return code;
        return null;
    }

    // Longest first, so "US$" is tried before "$" and "złotych" before "zł". Words in letters take the boundaries;
    // symbols and Chinese words stand anywhere.
    private static string Alternation(IEnumerable<string> words, string lettersStart = "", string lettersEnd = "") =>
        "(?:" + string.Join('|', words.OrderByDescending(w => w.Length).Select(w =>
            IsLetters(w) ? lettersStart + Regex.Escape(w) + lettersEnd : Regex.Escape(w))) + ")";

    private static bool IsLetters(string word) => word.All(c => char.IsLetter(c) && !Scripts.IsUnspaced(c));
}
