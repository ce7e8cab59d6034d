using System.Collections.Frozen;
using System.Globalization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Localization;

/// <summary>
/// How money, dates and numbers are written for a person, by their language: the only place the product formats them
/// (a test scans the source for any other). The culture data is .NET's: en → en-US, ms → ms-MY, zh-Hans → zh-Hans,
/// pl → pl-PL.
/// <list type="bullet">
/// <item>Money: the amount with the currency's minor units and the culture's separators, then the ISO code —
/// "40,000.00 USD" (en, ms, zh-Hans), "40 000,00 USD" (pl, with a no-break space between thousands). Rounded
/// <see cref="PartnerProgram.Money.RoundingRule"/>.</item>
/// <item>Dates: the culture's long date without the weekday — "12 Mei 2026" (ms), "2026年5月12日" (zh-Hans),
/// "12 maja 2026" (pl); English keeps the unambiguous "12 May 2026" our English-speaking partners read on every
/// continent.</item>
/// </list>
/// </summary>
public sealed class LocaleFormat
{
    private static readonly FrozenDictionary<string, LocaleFormat> ByLanguage = new Dictionary<string, LocaleFormat>
    {
        [Languages.English] = new(CultureInfo.GetCultureInfo("en-US"), "d MMM yyyy", "d MMM", ", "),
        [Languages.Malay] = new(CultureInfo.GetCultureInfo("ms-MY"), null, "d MMM", ", "),
        [Languages.Chinese] = new(CultureInfo.GetCultureInfo("zh-Hans"), null, "M月d日", "、"),
        [Languages.Polish] = new(CultureInfo.GetCultureInfo("pl-PL"), null, "d MMM", ", "),
    }.ToFrozenDictionary();

    private readonly string _listSeparator;

    private readonly string _dayMonthPattern;

    private LocaleFormat(CultureInfo culture, string? datePattern, string dayMonthPattern, string listSeparator)
    {
        Culture = culture;
        DatePattern = datePattern ?? WithoutWeekday(culture.DateTimeFormat.LongDatePattern);
        _dayMonthPattern = dayMonthPattern;
        _listSeparator = listSeparator;
    }

    /// <summary>The formatter for a program language; English for one the program does not have.</summary>
    public static LocaleFormat For(string language) => ByLanguage.GetValueOrDefault(language) ?? ByLanguage[Languages.English];

    public CultureInfo Culture { get; }
    public string DatePattern { get; }

    /// <summary>"40,000.00 USD", "40 000,00 USD".</summary>
    public string Money(decimal amount, string currency)
    {
        var code = currency.ToUpperInvariant();
        var units = PartnerProgram.Money.MinorUnits(code);
        return PartnerProgram.Money.Round(amount, code).ToString("N" + units, Culture) + " " + code;
    }

    public string Money(Money money) => Money(money.Amount, money.Currency);

    /// <summary>One amount per currency, listed ("8,400.00 USD, 3,500.00 EUR"; "8,400.00 USD、3,500.00 EUR" in Chinese).</summary>
    public string Money(IEnumerable<Money> amounts) => string.Join(_listSeparator, amounts.Select(Money));

    /// <summary>An exchange rate, in full: "1 EUR = 1.08 USD", "1 JPY = 0.0067 USD".</summary>
    public string Rate(string from, decimal rate, string to) => $"1 {from} = {rate.ToString("#,0.##########", Culture)} {to}";

    /// <summary>"12 May 2026", "2026年5月12日", "12 maja 2026".</summary>
    public string Date(DateOnly day) => day.ToString(DatePattern, Culture);

    /// <summary>A day without its year, short, where space is tight (a chart's axis): "6 Oct", "6 Okt", "10月6日", "6 paź".</summary>
    public string DayMonth(DateOnly day) => day.ToString(_dayMonthPattern, Culture);

    /// <summary>The day <paramref name="at"/> falls on in <paramref name="zone"/>, written as <see cref="Date(DateOnly)"/>.</summary>
    public string Date(DateTimeOffset at, TimeZoneInfo zone) => Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime));

    /// <summary>The day and the 24-hour time <paramref name="at"/> falls on in <paramref name="zone"/>: "25 Nov 2026 09:00".</summary>
    public string DateAndTime(DateTimeOffset at, TimeZoneInfo zone) =>
        Date(at, zone) + " " + TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A sentence's argument as this locale writes it: money (one amount or one per currency) and dates formatted, anything else as it is.</summary>
    public object? Argument(object? value) => value switch
    {
        Money money => Money(money),
        IEnumerable<Money> amounts => Money(amounts),
        DateOnly day => Date(day),
        _ => value,
    };

    /// <summary>"Monday", "Isnin", "星期一", "poniedziałek".</summary>
    public string DayName(DayOfWeek day) => Culture.DateTimeFormat.GetDayName(day);

    /// <summary>A count or a measure: "1,234", "2.5" ("1 234", "2,5" in Polish).</summary>
    public string Number(decimal value) => value.ToString(value == decimal.Truncate(value) ? "#,0" : "#,0.##", Culture);

    /// <summary>Percentage points: "25%", "2.5%" ("2,5%" in Polish).</summary>
    public string Percent(decimal points) => Number(points) + "%";

    /// <summary>The one way a date is written for machines (forms' date fields, files, the API): yyyy-MM-dd.</summary>
    public const string IsoDatePattern = "yyyy-MM-dd";

    /// <summary>A date written <see cref="IsoDatePattern"/>, as forms and imported files give it; false for anything else.</summary>
    public static bool TryParseIsoDate(string? text, out DateOnly day) =>
        DateOnly.TryParseExact((text ?? "").Trim(), IsoDatePattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary><paramref name="day"/> written <see cref="IsoDatePattern"/>.</summary>
    public static string IsoDate(DateOnly day) => day.ToString(IsoDatePattern, CultureInfo.InvariantCulture);

    /// <summary>"dddd, d MMMM yyyy" → "d MMMM yyyy"; "yyyy年M月d日dddd" → "yyyy年M月d日".</summary>
    private static string WithoutWeekday(string pattern) =>
        pattern.Replace("dddd", "", StringComparison.Ordinal).Trim(' ', ',', '，', '.').Replace("  ", " ", StringComparison.Ordinal);
}
