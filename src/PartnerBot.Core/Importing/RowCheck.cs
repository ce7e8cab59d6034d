using PartnerBot.Localization;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Importing;

/// <summary>
/// Reads the values of one row as the types an import needs, noting a problem (column and reason) for each value that
/// does not read: dates through <see cref="LocaleFormat.TryParseIsoDate"/>, amounts through <see cref="Money.TryParse"/>,
/// names of enums as the program spells them. A row with any problem is refused.
/// </summary>
public sealed class RowCheck(ImportRow row, DateTimeOffset now)
{
    private readonly DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);

    private readonly List<ImportProblem> _problems = [];

    public ImportRow Row => row;
    public DateOnly Today => today;
    public DateTimeOffset Now => now;
    public IReadOnlyList<ImportProblem> Problems => _problems;
    public bool Refused => _problems.Count > 0;

    public void Refuse(string? column, string reason) => _problems.Add(new ImportProblem(row.Number, column, reason));

    /// <summary>A required text value, at most <paramref name="maxLength"/> characters.</summary>
    public string Text(string column, int maxLength)
    {
        var value = row[column];
        if (value is null) { Refuse(column, "is required"); return ""; }
        return Fits(column, value, maxLength) ? value : "";
    }

    /// <summary>An optional text value, at most <paramref name="maxLength"/> characters.</summary>
    public string? Optional(string column, int maxLength) =>
        row[column] is { } value && Fits(column, value, maxLength) ? value : null;

    /// <summary>A member of <typeparamref name="T"/> by its name, in any case; numbers are not names.</summary>
    public T? Enum<T>(string column, bool required, T? otherwise = null) where T : struct, System.Enum
    {
        var value = row[column];
        if (value is null)
        {
            if (required) Refuse(column, "is required");
            return otherwise;
        }
        if (!char.IsDigit(value[0]) && System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)) return parsed;
        Refuse(column, $"'{value}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}");
        return otherwise;
    }

    /// <summary>
    /// A date written yyyy-MM-dd in <paramref name="column"/>, or a whole number of days in <paramref name="relative"/>
    /// (days before today for a "…DaysAgo" column, after it for a "…InDays" one); <paramref name="otherwise"/> when both are empty.
    /// </summary>
    public DateOnly? Date(string column, string? relative = null, DateOnly? otherwise = null, bool required = false)
    {
        if (row[column] is { } text)
        {
            if (LocaleFormat.TryParseIsoDate(text, out var date)) return date;
            Refuse(column, $"'{text}' is not a date written yyyy-MM-dd");
            return null;
        }
        if (relative is not null && row[relative] is not null)
        {
            if (Count(relative, allowNegative: true) is not { } days) return null;
            return relative.EndsWith("Ago", StringComparison.Ordinal) ? today.AddDays(-days) : today.AddDays(days);
        }
        if (required && otherwise is null) Refuse(column, relative is null ? "is required" : $"is required (or {relative})");
        return otherwise;
    }

    /// <summary>An amount of <paramref name="currency"/>, with no more decimals than the currency has.</summary>
    public decimal? Amount(string column, string currency, bool required = false)
    {
        var text = row[column];
        if (text is null)
        {
            if (required) Refuse(column, "is required");
            return null;
        }
        if (Money.TryParse(text, currency, out var amount) && amount >= 0) return amount;
        Refuse(column, $"'{text}' is not an amount of {currency} (digits, a dot before the decimals, at most {Money.MinorUnits(currency)} decimals)");
        return null;
    }

    /// <summary>A whole number, not negative unless <paramref name="allowNegative"/>; null when empty.</summary>
    public int? Count(string column, bool allowNegative = false)
    {
        var text = row[column];
        if (text is null) return null;
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) && (allowNegative || n >= 0)) return n;
        Refuse(column, $"'{text}' is not a whole number{(allowNegative ? "" : " of 0 or more")}");
        return null;
    }

    /// <summary>true/false (also yes/no, 1/0); false when empty.</summary>
    public bool Flag(string column)
    {
        var text = row[column];
        switch (text?.ToLowerInvariant())
        {
            case null or "false" or "no" or "0": return false;
            case "true" or "yes" or "1": return true;
            default:
                Refuse(column, $"'{text}' is not true or false");
                return false;
        }
    }

    private bool Fits(string column, string value, int maxLength)
    {
        if (value.Length <= maxLength) return true;
        Refuse(column, $"is longer than {maxLength} characters");
        return false;
    }
}
