using System.Text.RegularExpressions;

namespace PartnerBot.Knowledge;

/// <summary>
/// The rule that the assistant never invents a number: every number in a model's answer must appear in the passages
/// and facts it was given (or in the question). "50K" counts as 50,000; list numbering and [n] citations are ignored.
/// </summary>
public static partial class NumberGuard
{
    [GeneratedRegex(@"(?<whole>\d+(?:[,.\u00A0\u202F ]\d{3})*)(?<fraction>[.,]\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\[\d+\]|^\s*\d+[.)]\s", RegexOptions.Multiline)]
    private static partial Regex Markers();

    /// <summary>The numbers in <paramref name="answer"/> that nothing in <paramref name="evidence"/> supports.</summary>
    public static IReadOnlyList<string> Unsupported(string answer, string evidence)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in Numbers(evidence))
        {
            known.Add(n);
            if (n.Length > 3 && n.EndsWith("000", StringComparison.Ordinal)) known.Add(n[..^3]);
        }
        return Numbers(Markers().Replace(answer, " ")).Where(n => !known.Contains(n)).Distinct().ToList();
    }

    // Digits only: "50,000", "50 000" and "50000" are one number; "22.5" and "22,5" are one number; a fraction of
    // zeros is no fraction ("500,000.00 USD" as money is written, and "500,000" in an answer, are one number).
    private static IEnumerable<string> Numbers(string text) =>
        Number().Matches(text).Select(m =>
        {
            var fraction = m.Groups["fraction"].Value;
            var kept = fraction.Skip(1).All(c => c == '0') ? m.Groups["whole"].Value : m.Value;
            return new string(kept.Where(char.IsDigit).ToArray()).TrimStart('0') is { Length: > 0 } d ? d : "0";
        });
}
