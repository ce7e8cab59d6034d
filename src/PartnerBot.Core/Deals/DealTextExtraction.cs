using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Deals;

/// <summary>What a sentence said about a deal; every field may be missing. The form shows it for the partner to confirm.</summary>
public sealed record DealDraft
{
    public string? Company { get; init; }
    public string? Website { get; init; }
    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public DateOnly? CloseDate { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public string? Product { get; init; }
    public string? Notes { get; init; }
}

/// <param name="Today">Today in the person's time zone: relative dates count from it.</param>
public sealed record ExtractionContext(DateOnly Today, string Language);

/// <summary>
/// Reads a deal out of free text. The default is <see cref="RuleBasedDealTextExtractor"/>; a model-backed one can
/// replace it (register it after AddDeals). Whatever it returns is only a draft: the form validates it the same way.
/// </summary>
public interface IDealTextExtractor
{
    Task<DealDraft> ExtractAsync(string text, ExtractionContext context, CancellationToken ct);
}

public sealed class RuleBasedDealTextExtractor : IDealTextExtractor
{
    public Task<DealDraft> ExtractAsync(string text, ExtractionContext context, CancellationToken ct) =>
        Task.FromResult(DealTextParser.Parse(text, context.Today));
}

/// <summary>
/// Our own parser for "register Acme Corp, about $40k, closing end of next month, contact jane@acme.com":
/// e-mails, websites, amounts with currency ("$40k", "40,000 EUR", "RM 120 000", "€1.2m", "PLN 50 000", "¥300000"),
/// explicit dates (2027-01-15, 15/01/2027, 15.01.2027, Jan 15 2027, 15 January 2027, 2027年1月15日) and relative ones
/// ("next Friday", "in 6 weeks", "end of next month", "end of Q2", "end of quarter"), a day and month without a year
/// (the next time it comes: "15 January", "15 stycznia", "1月15日"), a quarter alone ("Q1", "next quarter", "下季度",
/// "w przyszłym kwartale", "suku tahun depan": its last day), and the company after the command.
/// </summary>
public static partial class DealTextParser
{
    public static DealDraft Parse(string text, DateOnly today)
    {
        text = text.Trim();
        var email = EmailRegex().Match(text);
        var withoutEmails = EmailRegex().Replace(text, m => new string(' ', m.Length));
        var website = WebsiteRegex().Match(withoutEmails);
        var amount = FindAmount(withoutEmails);
        var date = FindDate(withoutEmails, today);
        var contact = ContactRegex().Match(withoutEmails);

        // The company is what comes first, up to the first comma or the first thing we recognised.
        var cut = text.Length;
        void Cut(int at) { if (at >= 0 && at < cut) cut = at; }
        Cut(text.IndexOfAny([',', ';', '，', '；']));
        if (email.Success) Cut(email.Index);
        if (amount is not null) Cut(amount.Value.Index);
        if (date is not null) Cut(date.Value.Index);
        if (contact.Success) Cut(contact.Index);
        var stop = StopWordRegex().Match(text);
        if (stop.Success) Cut(stop.Index);
        var company = CompanyNames.TrimName(LeadRegex().Replace(text[..cut], ""));
        if (company.Length == 0 || company.All(c => !char.IsLetter(c))) company = null;

        string? contactName = null;
        if (contact.Success)
        {
            var name = contact.Groups["name"].Value.Trim();
            if (name.Length > 0) contactName = name;
        }
        return new DealDraft
        {
            Company = company,
            Website = website.Success && !website.Value.Contains('@') ? website.Value : null,
            ContactEmail = email.Success ? email.Value : null,
            ContactName = contactName,
            Amount = amount?.Amount,
            Currency = amount?.Currency,
            CloseDate = date?.Date,
        };
    }

    public static (decimal Amount, string? Currency, int Index)? FindAmount(string text)
    {
        foreach (var regex in new[] { CurrencyFirstRegex, CurrencyLastRegex, MultiplierOnlyRegex })
        {
            foreach (Match m in regex.Matches(text))
            {
                if (AmountWords.ParseNumber(m.Groups["num"].Value) is not { } n) continue;
                var mult = AmountWords.Factor(m.Groups["mult"].Value);
                var currency = m.Groups["cur"].Success ? AmountWords.CurrencyCode(m.Groups["cur"].Value) : null;
                return (n * mult, currency, m.Index);
            }
        }
        return null;
    }

    public static (DateOnly Date, int Index)? FindDate(string text, DateOnly today)
    {
        var t = text.ToLowerInvariant();
        Match m;
        if ((m = IsoDateRegex().Match(t)).Success && Make(m, "y", "m", "d") is { } iso) return (iso, m.Index);
        if ((m = DayFirstDateRegex().Match(t)).Success && Make(m, "y", "m", "d") is { } dmy) return (dmy, m.Index);
        if ((m = ChineseDateRegex().Match(t)).Success && Make(m, "y", "m", "d") is { } zh) return (zh, m.Index);
        foreach (Match mm in MonthFirstRegex().Matches(t))
            if (MonthOf(mm.Groups["mon"].Value) is { } mon && MakeYmd(Int(mm, "y"), mon, Int(mm, "d")) is { } d1) return (d1, mm.Index);
        foreach (Match mm in DayMonthRegex().Matches(t))
            if (MonthOf(mm.Groups["mon"].Value) is { } mon && MakeYmd(Int(mm, "y"), mon, Int(mm, "d")) is { } d2) return (d2, mm.Index);
        return FindWithoutYear(t, today) ?? FindRelative(t, today);
    }

    /// <summary>"15 January", "Jan 15th", "15 stycznia", "15 Januari", "1月15日": the next time that day comes (today counts).</summary>
    private static (DateOnly, int)? FindWithoutYear(string t, DateOnly today)
    {
        Match m;
        if ((m = ChineseDayRegex().Match(t)).Success && Next(Int(m, "m"), Int(m, "d"), today) is { } zh) return (zh, m.Index);
        foreach (Match mm in MonthDayNoYearRegex().Matches(t))
            if (MonthNameOf(mm.Groups["mon"].Value) is { } mon && Next(mon, Int(mm, "d"), today) is { } d1) return (d1, mm.Index);
        foreach (Match mm in DayMonthNoYearRegex().Matches(t))
            if (MonthNameOf(mm.Groups["mon"].Value) is { } mon && Next(mon, Int(mm, "d"), today) is { } d2) return (d2, mm.Index);
        return null;
    }

    private static DateOnly? Next(int month, int day, DateOnly today)
    {
        if (MakeYmd(today.Year, month, day) is { } d && d >= today) return d;
        // 29 February comes back in the next leap year.
        for (var y = today.Year + 1; y <= today.Year + 4; y++)
            if (MakeYmd(y, month, day) is { } later) return later;
        return null;
    }

    private static (DateOnly, int)? FindRelative(string t, DateOnly today)
    {
        Match m;
        if ((m = EndOfQuarterNumberRegex().Match(t)).Success)
        {
            var q = QuarterNumber(m.Groups["q"].Value);
            var year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : today.Year;
            var end = QuarterEnd(year, q);
            if (!m.Groups["y"].Success && end < today) end = QuarterEnd(year + 1, q);
            return (end, m.Index);
        }
        if ((m = EndOfRegex().Match(t)).Success)
        {
            var next = m.Groups["next"].Success;
            var unit = m.Groups["unit"].Value;
            DateOnly end;
            if (unit.StartsWith('q') || unit.StartsWith("kwarta", StringComparison.Ordinal) || unit.StartsWith("suku", StringComparison.Ordinal))
                end = ThisOrNextQuarterEnd(today, next);
            else if (unit.StartsWith('y') || unit.StartsWith("rok", StringComparison.Ordinal) || unit.StartsWith("tahun", StringComparison.Ordinal) || unit == "年")
                end = new DateOnly(today.Year + (next ? 1 : 0), 12, 31);
            else
            {
                var first = new DateOnly(today.Year, today.Month, 1).AddMonths(next ? 1 : 0);
                end = first.AddMonths(1).AddDays(-1);
            }
            return (end, m.Index);
        }
        if ((m = ChineseEndOfRegex().Match(t)).Success)
        {
            var next = m.Groups["next"].Success;
            var end = m.Groups["unit"].Value switch
            {
                "季度" => ThisOrNextQuarterEnd(today, next),
                "年" => new DateOnly(today.Year + (next ? 1 : 0), 12, 31),
                _ => new DateOnly(today.Year, today.Month, 1).AddMonths(next ? 2 : 1).AddDays(-1),
            };
            return (end, m.Index);
        }
        // "next quarter", "this quarter": a close date then is taken as the quarter's last day.
        if ((m = QuarterRegex().Match(t)).Success) return (ThisOrNextQuarterEnd(today, m.Groups["next"].Success), m.Index);
        if ((m = InRegex().Match(t)).Success)
        {
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            var unit = m.Groups["unit"].Value;
            if (n is < 0 or > 1000) return null;
            DateOnly d = UnitOf(unit) switch
            {
                'd' => today.AddDays(n),
                'w' => today.AddDays(7 * n),
                'y' => today.AddYears(n),
                _ => today.AddMonths(n),
            };
            return (d, m.Index);
        }
        if ((m = NextWeekdayRegex().Match(t)).Success && WeekdayOf(m.Groups["day"].Value) is { } wd)
        {
            var d = today.AddDays(1);
            while (d.DayOfWeek != wd) d = d.AddDays(1);
            return (d, m.Index);
        }
        if ((m = TomorrowRegex().Match(t)).Success) return (today.AddDays(1), m.Index);
        return null;
    }

    private static char UnitOf(string unit) => unit switch
    {
        _ when unit.StartsWith("day", StringComparison.Ordinal) || unit is "hari" or "dni" or "dzień" or "dzien" or "天" => 'd',
        _ when unit.StartsWith("week", StringComparison.Ordinal) || unit.StartsWith("tydz", StringComparison.Ordinal) ||
               unit.StartsWith("tygod", StringComparison.Ordinal) || unit is "minggu" or "周" or "星期" => 'w',
        _ when unit.StartsWith("year", StringComparison.Ordinal) || unit is "tahun" or "lat" or "lata" or "rok" or "年" => 'y',
        _ => 'm',
    };

    private static DateOnly QuarterEnd(int year, int q) => new DateOnly(year, q * 3, 1).AddMonths(1).AddDays(-1);

    private static DateOnly ThisOrNextQuarterEnd(DateOnly today, bool next)
    {
        var q = (today.Month - 1) / 3 + 1;
        return next ? QuarterEnd(q == 4 ? today.Year + 1 : today.Year, q % 4 + 1) : QuarterEnd(today.Year, q);
    }

    /// <summary>A quarter as people write it: "2", "二", "ii", "kedua".</summary>
    private static int QuarterNumber(string q) => q switch
    {
        "1" or "一" or "i" or "pertama" => 1,
        "2" or "二" or "ii" or "kedua" => 2,
        "3" or "三" or "iii" or "ketiga" => 3,
        _ => 4,
    };

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static DateOnly? Make(Match m, string y, string mo, string d) => MakeYmd(Int(m, y), Int(m, mo), Int(m, d));

    private static DateOnly? MakeYmd(int y, int m, int d) =>
        y is >= 1900 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    // English, Malay and Polish month names by their shortest unambiguous start.
    private static readonly (string Prefix, int Month)[] Months =
    [
        ("jan", 1), ("feb", 2), ("mar", 3), ("mac", 3), ("apr", 4), ("may", 5), ("mei", 5), ("jun", 6), ("jul", 7),
        ("aug", 8), ("ogo", 8), ("sep", 9), ("oct", 10), ("okt", 10), ("nov", 11), ("dec", 12), ("dis", 12),
        ("sty", 1), ("lut", 2), ("kwi", 4), ("maj", 5), ("cze", 6), ("lip", 7), ("sie", 8), ("wrz", 9),
        ("paz", 10), ("paź", 10), ("lis", 11), ("gru", 12),
    ];

    private static int? MonthOf(string word)
    {
        if (word.Length < 3) return null;
        foreach (var (prefix, month) in Months)
            if (word.StartsWith(prefix, StringComparison.Ordinal)) return month;
        return null;
    }

    // Month names written out (English, Malay, Polish in the nominative and the genitive a date takes, with and without
    // diacritics) and their usual abbreviations: a day and a month with no year must name a month, not "12 marketing leads".
    private static readonly FrozenDictionary<string, int> MonthNames = new (string Names, int Month)[]
    {
        ("january jan januari styczeń styczen stycznia sty", 1), ("february feb februari luty lutego lut", 2),
        ("march mar mac marzec marca", 3), ("april apr kwiecień kwiecien kwietnia kwi", 4), ("may mei maj maja", 5),
        ("june jun czerwiec czerwca cze", 6), ("july jul julai lipiec lipca lip", 7), ("august aug ogos sierpień sierpien sierpnia sie", 8),
        ("september sep sept wrzesień wrzesien września wrzesnia wrz", 9), ("october oct oktober październik pazdziernik października pazdziernika paź paz", 10),
        ("november nov listopad listopada lis", 11), ("december dec disember dis grudzień grudzien grudnia gru", 12),
    }.SelectMany(x => x.Names.Split(' ').Select(n => (Name: n, x.Month))).ToFrozenDictionary(x => x.Name, x => x.Month, StringComparer.Ordinal);

    private static int? MonthNameOf(string word) => MonthNames.TryGetValue(word.TrimEnd('.'), out var m) ? m : null;

    private static DayOfWeek? WeekdayOf(string word) => word switch
    {
        "monday" or "isnin" or "poniedzialek" or "poniedziałek" => DayOfWeek.Monday,
        "tuesday" or "selasa" or "wtorek" => DayOfWeek.Tuesday,
        "wednesday" or "rabu" or "sroda" or "środa" or "środę" or "srode" => DayOfWeek.Wednesday,
        "thursday" or "khamis" or "czwartek" => DayOfWeek.Thursday,
        "friday" or "jumaat" or "piatek" or "piątek" => DayOfWeek.Friday,
        "saturday" or "sabtu" or "sobota" or "sobotę" or "sobote" => DayOfWeek.Saturday,
        "sunday" or "ahad" or "niedziela" or "niedzielę" or "niedziele" => DayOfWeek.Sunday,
        _ => null,
    };

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"(?<![\w@.-])(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|ai|app|dev|biz|info|example|pl|my|cn|de|uk|eu|sg|us|ca|au|jp|fr|nl|se|no|fi|es|it|ch|at|be)(?:\.[a-z]{2})?(?:/\S*)?(?![\w-])", RegexOptions.IgnoreCase)]
    private static partial Regex WebsiteRegex();

    [GeneratedRegex(@"(?:\b(?i:contact|kontakt|hubungi|osoba kontaktowa)\b|联系人)\s*(?:(?i:is)\s+|:\s*)?(?<name>(?:\p{Lu}[\p{L}'’-]*\.?[ \t]*){1,3})?")]
    private static partial Regex ContactRegex();

    // The keyword is case-insensitive; the name must start with capitals, so "contact closing..." takes no name.
    [GeneratedRegex(@"\b(?:about|around|approx\w*|worth|closing|closes|close|expected|sekitar|kira-kira|tutup|około|okolo|zamknięcie|zamkniecie|wartość|wartosc)\b|约|预计", RegexOptions.IgnoreCase)]
    private static partial Regex StopWordRegex();

    [GeneratedRegex(@"^\s*(?:(?:a\s+)?(?:new\s+)?deal\s+(?:for|with)\s+|for\s+|(?:a\s+)?deal\s+|untuk\s+|dla\s+|urusan\s+|transakcj[eęa]\s+)", RegexOptions.IgnoreCase)]
    private static partial Regex LeadRegex();

    private const string Num = @"(?<num>\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)";
    // The multiplier and currency words are AmountWords' (one table each for every reader of typed amounts).
    private static readonly string Mult = @"(?:\s?(?<mult>" + AmountWords.Pattern + "))?";

    private static readonly Regex CurrencyFirstRegex = new(
        "(?<cur>" + AmountWords.CurrencyBefore + @")\s?" + Num + Mult, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex CurrencyLastRegex = new(
        @"(?<![\d.,/-])" + Num + Mult + @"\s?(?<cur>" + AmountWords.CurrencyAfter + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex MultiplierOnlyRegex = AmountWords.NumberWithMultiplier;

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})\b")]
    private static partial Regex IsoDateRegex();

    [GeneratedRegex(@"\b(?<d>\d{1,2})[/.](?<m>\d{1,2})[/.](?<y>\d{4})\b")]
    private static partial Regex DayFirstDateRegex();

    [GeneratedRegex(@"(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})[日号]")]
    private static partial Regex ChineseDateRegex();

    [GeneratedRegex(@"\b(?<mon>\p{L}{3,})\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})\b")]
    private static partial Regex MonthFirstRegex();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?<mon>\p{L}{3,})\.?,?\s+(?<y>\d{4})\b")]
    private static partial Regex DayMonthRegex();

    // "end of Q2 2027", "hujung Q2", "koniec Q2", "Q2末", "第2季度末"; and a quarter alone, which means its last day:
    // "Q1", "Q1 2027", "第一季度", "I kwartał", "suku tahun pertama".
    [GeneratedRegex(@"\bend\s+of\s+q(?<q>[1-4])(?:\s+(?<y>\d{4}))?\b|\bhujung\s+s?q(?<q>[1-4])\b|\bkoniec\s+q(?<q>[1-4])\b|q(?<q>[1-4])\s*末|第(?<q>[1-4一二三四])季度末?|\bq(?<q>[1-4])(?:\s+(?<y>\d{4}))?\b|\b(?<q>iv|i{1,3})\s+kwarta\w*|\bsuku\s+(?:tahun\s+)?(?<q>pertama|kedua|ketiga|keempat)\b")]
    private static partial Regex EndOfQuarterNumberRegex();

    [GeneratedRegex(@"\b(?:(?<next>next)|this)\s+quarter\b|\bsuku\s+(?:tahun\s+)?(?:(?<next>depan|hadapan)|ini)\b|\b(?:w\s+)?(?:(?<next>przyszł\w*|przyszl\w*|następn\w*|nastepn\w*)|tym|ten|bieżąc\w*|biezac\w*)\s+kwarta\w*|(?<next>下个?)季度|(?:本|这个)季度")]
    private static partial Regex QuarterRegex();

    [GeneratedRegex(@"(?<!\d年)(?<!\d)(?<m>\d{1,2})月(?<d>\d{1,2})[日号]")]
    private static partial Regex ChineseDayRegex();

    [GeneratedRegex(@"\b(?<mon>\p{L}{3,})\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?(?![\d.,:/-]*\d)(?![\p{L}])")]
    private static partial Regex MonthDayNoYearRegex();

    [GeneratedRegex(@"(?<![\d.,/-])\b(?<d>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?<mon>\p{L}{3,}\.?)(?![\p{L}])")]
    private static partial Regex DayMonthNoYearRegex();

    [GeneratedRegex(@"\b(?:(?:at\s+)?the\s+)?end\s+of\s+(?:the\s+|this\s+|(?<next>next)\s+)?(?<unit>month|quarter|year)\b|\bhujung\s+(?<unit>bulan|suku(?:\s+tahun)?|tahun)(?:\s+(?:ini|(?<next>depan)))?\b|\bkoni?e?c\w*\s+(?:(?<next>przyszłego|przyszlego|następnego|nastepnego)\s+|tego\s+)?(?<unit>miesi\w*|kwarta\w*|rok\w*)")]
    private static partial Regex EndOfRegex();

    // 月底 / 下个月底, 季度末 / 本季度末 / 下季度末, 年底 / 明年年底.
    [GeneratedRegex(@"(?<next>下个?|明年)?(?:本|今年|这个)?(?<unit>月|季度|年)[底末]")]
    private static partial Regex ChineseEndOfRegex();

    [GeneratedRegex(@"\b(?:in|dalam|za)\s+(?<n>\d{1,4})\s+(?<unit>days?|weeks?|months?|years?|hari|minggu|bulan|tahun|dni|dzień|dzien|tygodni\w*|tydzień|tydzien|miesi\w*|lat|lata|rok)\b|(?<n>\d{1,4})\s*(?<unit>天|周|星期|个月|年)后")]
    private static partial Regex InRegex();

    [GeneratedRegex(@"\b(?:next|this|on|coming|depan|ini|w\s+przyszły|w\s+przyszly|w|przyszły|przyszly)\s+(?<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday|isnin|selasa|rabu|khamis|jumaat|sabtu|ahad|poniedziałek|poniedzialek|wtorek|środę|srode|środa|sroda|czwartek|piątek|piatek|sobotę|sobote|sobota|niedzielę|niedziele|niedziela)\b|\b(?<day>isnin|selasa|rabu|khamis|jumaat|sabtu|ahad)\s+depan\b")]
    private static partial Regex NextWeekdayRegex();

    [GeneratedRegex(@"\b(?:tomorrow|esok|jutro)\b|明天")]
    private static partial Regex TomorrowRegex();
}
