using System.Text.Json;
using System.Text.RegularExpressions;

namespace PartnerBot.Core.Tests.Localization;

/// <summary>
/// Money, dates and numbers for people are written only by Localization/LocaleFormat.cs. This reads every source file
/// and every string table and fails on a capability that formats them itself (machine formats — ISO dates for keys and
/// form values, invariant numbers for inputs — are not for people and stay allowed).
/// </summary>
public sealed partial class FormattingOwnerTests
{
    private static readonly string Root = Path.GetDirectoryName(DemoProgram.Folder.TrimEnd(Path.DirectorySeparatorChar)) is { } samples
        ? Path.GetDirectoryName(samples)! : throw new InvalidOperationException("No repository root.");

    private static readonly (string Why, Regex Pattern)[] Forbidden =
    [
        ("a number format for people (N/C/P with digits)", new(@"ToString\(\s*""[NnCcPp]\d|""[NnCc]""\s*\+")),
        ("a currency or percent format", new(@"ToString\(\s*""[CcPp]""")),
        ("a format in an interpolation hole", new(@"\{(?![^{}]*Guid)[^{}""]+:(?:[NnCcPp]\d*|d MMM[^}]*|0(?:\.#+)?|#,0[^}]*)\}")),
        ("a month-name or local date pattern", new(@"""[^""\n]*(?:d MMM|MMM|dd/MM|MM/dd|yyyy年)[^""\n]*""")),
        ("a culture chosen outside LocaleFormat", new(@"Localizer\.Culture|CultureInfo\.GetCultureInfo|CultureInfo\.CurrentCulture|\.NumberFormat\b|\.DateTimeFormat\b")),
        ("a currency code written before the amount", new(@"\{[^{}]*[Cc]urrency\}\s\{")),
    ];

    /// <summary>Protocol messages, not for partners: body limits in HTTP problem details and Slack's retry delay.</summary>
    private static readonly Regex Allowed = new(@"\{\w+:N0\} bytes|\{\w+\.TotalSeconds:0\} s\b");

    [Fact]
    public void NoSourceFile_FormatsMoneyDatesOrNumbers_ExceptTheOwner()
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
            if (relative.Contains("/Migrations/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                || relative.Contains("/bin/", StringComparison.Ordinal) || relative.EndsWith("Localization/LocaleFormat.cs", StringComparison.Ordinal))
                continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = Allowed.Replace(lines[i], "");
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
                foreach (var (why, pattern) in Forbidden)
                    if (pattern.IsMatch(line)) found.Add($"{relative}:{i + 1}: {why}: {lines[i].Trim()}");
            }
        }
        Assert.True(found.Count == 0, "Format money, dates and numbers with LocaleFormat:\n" + string.Join('\n', found));
    }

    [Fact]
    public void TheScan_CatchesWhatItLooksFor()
    {
        string[] bad =
        [
            "var s = amount.ToString(\"N2\", culture) + \" USD\";",
            "var s = $\"{currency} {amount:N2}\";",
            "var s = day.ToString(\"d MMM yyyy\", Localizer.Culture(lang));",
            "var s = amount.ToString(\"C\");",
            "var s = $\"{Program.Currency} {x}\";",
            "var s = $\"{c.Value:0} / {c.Threshold:0}\";",
        ];
        foreach (var line in bad) Assert.Contains(Forbidden, f => f.Pattern.IsMatch(line));
        Assert.DoesNotContain(Forbidden, f => f.Pattern.IsMatch("var id = Guid.NewGuid().ToString(\"N\");"));
        Assert.DoesNotContain(Forbidden, f => f.Pattern.IsMatch("var claim = $\"{worker}:{Guid.NewGuid():N}\";"));
        Assert.DoesNotContain(Forbidden, f => f.Pattern.IsMatch("var key = d.ToString(\"yyyy-MM-dd\", CultureInfo.InvariantCulture);"));
    }

    /// <summary>String tables take money and dates as arguments, already written; the only format they may use is a count's {n:N0}.</summary>
    [Fact]
    public void NoStringTable_FormatsMoneyOrDates()
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.strings.*.json", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (var (key, text) in JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!)
            {
                foreach (Match m in Placeholder().Matches(text))
                    if (m.Groups["format"].Success && m.Groups["format"].Value != "N0")
                        found.Add($"{Path.GetFileName(file)} {key}: {m.Value}");
                if (CurrencyNextToCount().IsMatch(text)) found.Add($"{Path.GetFileName(file)} {key}: a count written as money");
            }
        }
        Assert.True(found.Count == 0, "Pass money and dates as values (Money, DateOnly):\n" + string.Join('\n', found));
    }

    [GeneratedRegex(@"\{\d+(?:,-?\d+)?(?::(?<format>[^}]+))?\}")]
    private static partial Regex Placeholder();

    /// <summary>"{0:N0} {1}" or "{1} {0:N0}" where the other is a currency, or a code or $ written next to a count.</summary>
    [GeneratedRegex(@"\{\d+:N0\}\s*(?:\{\d+\}|[A-Z]{3}\b|\$)|(?:\$|\b[A-Z]{3}\s)\{\d+:N0\}")]
    private static partial Regex CurrencyNextToCount();
}
