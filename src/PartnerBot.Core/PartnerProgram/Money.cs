namespace PartnerBot.PartnerProgram;

/// <summary>
/// An exact amount in one currency (ISO 4217 code). Amounts in different currencies are never added: sums go through
/// <see cref="MoneyTotals"/>, which keeps one total per currency, and a figure in another currency is only ever a
/// conversion that says so (<see cref="MoneyTotals.Converted"/>). Written for people by
/// <see cref="Localization.LocaleFormat.Money(Money)"/>.
/// </summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    /// <summary>The documented rounding: half away from zero, to the currency's minor unit.</summary>
    public const string RoundingRule = "half away from zero, to the currency's minor unit";

    /// <summary>ISO 4217 minor units: most currencies have 2; these have none or three.</summary>
    public static int MinorUnits(string currency) => currency.ToUpperInvariant() switch
    {
        "JPY" or "KRW" or "VND" or "CLP" or "ISK" or "UGX" or "PYG" or "XOF" or "XAF" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" or "IQD" or "LYD" => 3,
        _ => 2,
    };

    /// <summary>
    /// Reads an amount written for machines ("48000", "48000.50", "-12.5"): invariant digits, a dot before the decimals,
    /// no thousands separators, and no more decimals than <paramref name="currency"/> has. False for anything else.
    /// </summary>
    public static bool TryParse(string? text, string currency, out decimal amount) =>
        decimal.TryParse((text ?? "").Trim(), System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out amount)
        && amount == Math.Round(amount, MinorUnits(currency)) && Math.Abs(amount) < 1_000_000_000_000m;

    /// <summary>The amount for machines (CSV, the API): rounded, with the currency's minor units, invariant ("43780.00", "1500" in JPY).</summary>
    public static string Invariant(decimal amount, string currency) =>
        Round(amount, currency).ToString("F" + MinorUnits(currency).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><paramref name="amount"/> rounded by <see cref="RoundingRule"/>.</summary>
    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, MinorUnits(currency), MidpointRounding.AwayFromZero);

    /// <summary>
    /// <paramref name="amount"/> of <paramref name="currency"/> in Program:Currency at the configured rate
    /// (Program:DealRegistration:CurrencyRates; EUR 1.08 means 1 EUR = 1.08 of the program's currency), unrounded so sums
    /// stay exact; null when the program has no rate for it.
    /// </summary>
    public static decimal? ToProgramCurrency(decimal amount, string currency, ProgramOptions program) =>
        string.Equals(currency, program.Currency, StringComparison.OrdinalIgnoreCase) ? amount
        : program.DealRegistration.CurrencyRates.TryGetValue(currency.ToUpperInvariant(), out var rate) ? amount * rate
        : null;
}

/// <summary>
/// Totals kept per currency: the only way the product adds money up. Listed with the program's currency first, then the
/// others by code.
/// </summary>
public sealed class MoneyTotals
{
    private readonly Dictionary<string, decimal> _totals = new(StringComparer.Ordinal);

    public MoneyTotals Add(decimal amount, string currency)
    {
        var code = currency.ToUpperInvariant();
        _totals[code] = _totals.GetValueOrDefault(code) + amount;
        return this;
    }

    public static MoneyTotals Of<T>(IEnumerable<T> items, Func<T, decimal> amount, Func<T, string> currency)
    {
        var totals = new MoneyTotals();
        foreach (var item in items) totals.Add(amount(item), currency(item));
        return totals;
    }

    public bool IsEmpty => _totals.Count == 0;
    public int CurrencyCount => _totals.Count;
    public IReadOnlyCollection<string> Currencies => _totals.Keys;
    public decimal this[string currency] => _totals.GetValueOrDefault(currency.ToUpperInvariant());

    /// <summary>One amount per currency, the program's currency first (<paramref name="first"/>), then by code.</summary>
    public IReadOnlyList<Money> Items(string? first = null) =>
        _totals.OrderBy(kv => kv.Key == first ? 0 : 1).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new Money(kv.Value, kv.Key)).ToList();

    /// <summary>
    /// Every currency converted to Program:Currency at the configured rates and added, rounded once at the end
    /// (<see cref="Money.RoundingRule"/>); null when a currency has no configured rate (no partial figure is shown).
    /// </summary>
    public Money? Converted(ProgramOptions program)
    {
        decimal sum = 0;
        foreach (var (currency, amount) in _totals)
        {
            if (Money.ToProgramCurrency(amount, currency, program) is not { } converted) return null;
            sum += converted;
        }
        return new Money(Money.Round(sum, program.Currency), program.Currency);
    }
}
