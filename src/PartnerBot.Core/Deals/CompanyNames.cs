using System.Globalization;
using System.Text;
using PartnerBot.Text;

namespace PartnerBot.Deals;

/// <summary>
/// Turns a company name into the key conflicts are matched on: lower case, no accents (Polish ł too), no punctuation,
/// no legal form (Inc, Ltd, GmbH, Sdn Bhd, Sp. z o.o., 有限公司...), tokens sorted so word order does not matter.
/// </summary>
public static class CompanyNames
{
    // Legal forms as token sequences, matched at the end of the name (repeatedly: "Pte. Ltd." loses both).
    private static readonly string[][] LegalForms =
    [
        ["sp", "z", "o", "o"], ["spolka", "z", "ograniczona", "odpowiedzialnoscia"], ["sp", "k"], ["sp", "j"], ["s", "a"],
        ["sdn", "bhd"], ["berhad"], ["bhd"], ["pte"], ["pty"], ["plc"], ["llc"], ["llp"], ["lp"], ["ltd"], ["limited"],
        ["inc"], ["incorporated"], ["corp"], ["corporation"], ["co"], ["company"], ["gmbh"], ["ag"], ["kg"], ["mbh"],
        ["ug"], ["sa"], ["sas"], ["sarl"], ["srl"], ["spa"], ["bv"], ["nv"], ["oy"], ["ab"], ["aps"], ["kk"], ["gk"],
        ["pvt"], ["private"], ["holdings"], ["group"], ["l", "l", "c"], ["l", "l", "p"], ["p", "l", "c"], ["g", "m", "b", "h"],
    ];

    // Chinese legal forms are written without spaces, at the end of the last token.
    private static readonly string[] CjkLegalForms = ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

    /// <summary>The matching key: tokens of the name, legal forms removed, sorted, joined by one space.</summary>
    public static string Normalize(string name)
    {
        var tokens = Tokens(name);
        StripLegalForms(tokens);
        tokens.Sort(StringComparer.Ordinal);
        return string.Join(' ', tokens);
    }

    /// <summary>Lower-case, accent-free tokens; punctuation splits tokens, except inside "o.o."-style abbreviations.</summary>
    public static List<string> Tokens(string name)
    {
        var decomposed = name.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) continue;
            switch (c)
            {
                case 'ł': sb.Append('l'); continue;
                case 'ß': sb.Append("ss"); continue;
                case 'ø': sb.Append('o'); continue;
                case 'æ': sb.Append("ae"); continue;
                case 'œ': sb.Append("oe"); continue;
                case 'đ': sb.Append('d'); continue;
                case '&': sb.Append(" and "); continue;
                case '\'' or '’': continue; // "O'Brien" → "obrien"
            }
            sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>
    /// A company name cut from a sentence, without the punctuation around it; a final dot stays when it belongs to an
    /// abbreviation ("Sp. z o.o.", "S.A.", "Inc.", "Sdn. Bhd."), and goes when it ends the sentence ("Hooli.").
    /// </summary>
    public static string TrimName(string name)
    {
        char[] around = [' ', '\t', '-', ':', '–', '.'];
        var bare = name.Trim(around);
        var rest = name.TrimStart(around);
        // One dot right after the name; an ellipsis is not an abbreviation.
        if (rest.Length == bare.Length || rest[bare.Length] != '.' || (rest.Length > bare.Length + 1 && rest[bare.Length + 1] == '.')) return bare;
        var lastWord = bare[(bare.LastIndexOfAny([' ', '\t']) + 1)..];
        var abbreviation = lastWord.Contains('.') ||
            LegalForms.Any(f => f.Length == 1 && f[0].Length <= 4 && string.Equals(f[0], lastWord, StringComparison.OrdinalIgnoreCase));
        return abbreviation ? bare + "." : bare;
    }

    /// <summary>The name's tokens in order, without its legal form ("Wisła Systemy Sp. z o.o." → wisla, systemy).</summary>
    public static List<string> CoreTokens(string name)
    {
        var tokens = Tokens(name);
        StripLegalForms(tokens);
        return tokens;
    }

    /// <summary>
    /// Whether <paramref name="text"/> names the organisation <paramref name="name"/>, in any case, with or without
    /// accents or its legal form: its whole name ("acme integrations"), or its first word alone when that word is
    /// distinctive (four letters or more and not in <paramref name="notDistinctive"/>, the words of names that may be
    /// said). A name written without spaces (Chinese) is found inside the text.
    /// </summary>
    public static bool IsNamedIn(string text, string name, IReadOnlySet<string> notDistinctive)
    {
        var core = CoreTokens(name);
        if (core.Count == 0) return false;
        var words = Tokens(text);
        for (var i = 0; i + core.Count <= words.Count; i++)
            if (words.Skip(i).Take(core.Count).SequenceEqual(core)) return true;
        var head = core[0];
        if (head.Any(Scripts.IsUnspaced))
            return text.Contains(name.Trim(), StringComparison.Ordinal) || (head.Length >= 2 && words.Any(w => w.Contains(head, StringComparison.Ordinal)));
        return head.Length >= 4 && !notDistinctive.Contains(head) && words.Contains(head);
    }

    private static void StripLegalForms(List<string> tokens)
    {
        var original = tokens.ToList();
        var changed = true;
        while (changed && tokens.Count > 0)
        {
            changed = false;
            foreach (var form in LegalForms)
            {
                if (tokens.Count <= form.Length) continue; // never strip the whole name
                if (!tokens.Skip(tokens.Count - form.Length).SequenceEqual(form)) continue;
                tokens.RemoveRange(tokens.Count - form.Length, form.Length);
                changed = true;
                break;
            }
            var last = tokens[^1];
            foreach (var cjk in CjkLegalForms)
            {
                if (!last.EndsWith(cjk, StringComparison.Ordinal)) continue;
                if (last.Length == cjk.Length)
                {
                    if (tokens.Count == 1) break;
                    tokens.RemoveAt(tokens.Count - 1);
                }
                else tokens[^1] = last[..^cjk.Length];
                changed = true;
                break;
            }
        }
        // Leading "the" carries no identity either.
        if (tokens.Count > 1 && tokens[0] == "the") tokens.RemoveAt(0);
        if (tokens.Count == 0) tokens.AddRange(original);
    }

    /// <summary>Free-mail and ISP domains: a contact's address there says nothing about the customer.</summary>
    public static readonly IReadOnlySet<string> FreeMailDomains = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com", "hotmail.co.uk", "outlook.com",
        "live.com", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.de",
        "gmx.net", "web.de", "mail.ru", "yandex.ru", "zoho.com", "qq.com", "163.com", "126.com", "sina.com", "wp.pl",
        "o2.pl", "onet.pl", "interia.pl", "op.pl", "yahoo.com.my", "streamyx.com",
    };

    /// <summary>The customer's domain from a website or an e-mail address; null for free-mail or nothing usable.</summary>
    public static string? Domain(string? websiteOrEmail)
    {
        if (string.IsNullOrWhiteSpace(websiteOrEmail)) return null;
        var s = websiteOrEmail.Trim().ToLowerInvariant();
        var at = s.LastIndexOf('@');
        if (at >= 0) s = s[(at + 1)..];
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) s = s[(scheme + 3)..];
        var end = s.IndexOfAny(['/', '?', '#', ':']);
        if (end >= 0) s = s[..end];
        s = s.TrimEnd('.');
        if (s.StartsWith("www.", StringComparison.Ordinal)) s = s[4..];
        if (s.Length < 4 || !s.Contains('.') || s.StartsWith('.') || s.Contains("..", StringComparison.Ordinal)) return null;
        if (!s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')) return null;
        return FreeMailDomains.Contains(s) ? null : s;
    }
}
