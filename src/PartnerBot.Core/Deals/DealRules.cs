using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Deals;

/// <summary>A field's problem: a localization key and its arguments.</summary>
public sealed record FieldError(string Key, params object[] Args);

/// <summary>A registration as the partner confirmed it, checked.</summary>
public sealed record DealInput(string Company, string? Website, string? Domain, string? ContactName, string? ContactEmail,
    DateOnly CloseDate, decimal? Amount, string Currency, string? Product, string? Notes);

/// <summary>
/// The deal-registration rules that are not about conflicts (those are <see cref="ConflictChecker"/>'s): validation,
/// the decision, the protection window, extensions, reminders and expiry. Every number comes from ProgramOptions.
/// </summary>
public static partial class DealRules
{
    public static class Fields
    {
        public const string Company = "company";
        public const string Website = "website";
        public const string ContactName = "contactName";
        public const string ContactEmail = "contactEmail";
        public const string CloseDate = "closeDate";
        public const string Amount = "amount";
        public const string Currency = "currency";
        public const string Product = "product";
        public const string Notes = "notes";
        public static readonly IReadOnlyList<string> All = [Company, Website, ContactName, ContactEmail, CloseDate, Amount, Currency, Product, Notes];
    }

    /// <summary>Currencies a partner may register in: the program's own first, then those with a rate.</summary>
    public static IReadOnlyList<string> Currencies(ProgramOptions o) =>
        new[] { o.Currency }.Concat(o.DealRegistration.CurrencyRates.Keys.Where(c => c != o.Currency).Order(StringComparer.Ordinal)).ToList();

    /// <summary>Checks submitted form values. <paramref name="today"/> is today in the partner's time zone.</summary>
    public static Dictionary<string, FieldError> Validate(IReadOnlyDictionary<string, string> values, DateOnly today, ProgramOptions o, out DealInput? input)
    {
        var errors = new Dictionary<string, FieldError>();
        string V(string id) => values.TryGetValue(id, out var v) ? v.Trim() : "";
        input = null;

        foreach (var id in Fields.All)
            if (ContainsMarkup(V(id))) errors[id] = new FieldError("deal.error.markup");

        var company = V(Fields.Company);
        if (company.Length == 0) errors.TryAdd(Fields.Company, new FieldError("deal.error.company-required"));
        else if (company.Count(char.IsLetterOrDigit) < 2) errors.TryAdd(Fields.Company, new FieldError("deal.error.company-short"));
        else if (company.Length > 200) errors.TryAdd(Fields.Company, new FieldError("deal.error.too-long", 200));

        var website = V(Fields.Website);
        string? domain = null;
        if (website.Length > 0)
        {
            domain = CompanyNames.Domain(website);
            if (domain is null && !CompanyNames.FreeMailDomains.Contains(website.ToLowerInvariant()))
                errors.TryAdd(Fields.Website, new FieldError("deal.error.website"));
        }

        var email = V(Fields.ContactEmail);
        if (email.Length > 0 && !IsEmail(email)) errors.TryAdd(Fields.ContactEmail, new FieldError("deal.error.email"));
        domain ??= errors.ContainsKey(Fields.ContactEmail) ? null : CompanyNames.Domain(email);

        var contactName = V(Fields.ContactName);
        if (contactName.Length == 0 && email.Length == 0) errors.TryAdd(Fields.ContactName, new FieldError("deal.error.contact-required"));
        else if (contactName.Length > 200) errors.TryAdd(Fields.ContactName, new FieldError("deal.error.too-long", 200));

        var rules = o.DealRegistration;
        var closeText = V(Fields.CloseDate);
        DateOnly close = default;
        if (closeText.Length == 0) errors.TryAdd(Fields.CloseDate, new FieldError("deal.error.date-required"));
        else if (!Localization.LocaleFormat.TryParseIsoDate(closeText, out close))
        {
            if (DealTextParser.FindDate(closeText, today) is { } found) close = found.Date;
            else errors.TryAdd(Fields.CloseDate, new FieldError("deal.error.date-format"));
        }
        if (close != default && !errors.ContainsKey(Fields.CloseDate))
        {
            if (close < today) errors[Fields.CloseDate] = new FieldError("deal.error.date-past");
            else if (close > today.AddYears(rules.MaxCloseDateYears)) errors[Fields.CloseDate] = new FieldError("deal.error.date-far", rules.MaxCloseDateYears);
        }

        var currency = V(Fields.Currency).ToUpperInvariant();
        if (currency.Length == 0) currency = o.Currency;
        if (!Currencies(o).Contains(currency)) errors.TryAdd(Fields.Currency, new FieldError("deal.error.currency", string.Join(", ", Currencies(o))));

        decimal? amount = null;
        var amountText = V(Fields.Amount);
        if (amountText.Length > 0)
        {
            var negative = amountText.StartsWith('-');
            var unsigned = negative ? amountText[1..].Trim() : amountText;
            amount = AmountWords.ParseNumber(unsigned) ?? DealTextParser.FindAmount(unsigned)?.Amount;
            if (negative && amount is not null) amount = -amount;
            if (amount is null) errors.TryAdd(Fields.Amount, new FieldError("deal.error.amount-format"));
            else if (amount <= 0) errors.TryAdd(Fields.Amount, new FieldError("deal.error.amount-positive"));
            else if (!errors.ContainsKey(Fields.Currency) && Money.ToProgramCurrency(amount.Value, currency, o) > rules.MaxAmount)
                errors.TryAdd(Fields.Amount, new FieldError("deal.error.amount-max", new Money(rules.MaxAmount, o.Currency)));
        }

        var product = V(Fields.Product);
        if (product.Length > 200) errors.TryAdd(Fields.Product, new FieldError("deal.error.too-long", 200));
        var notes = V(Fields.Notes);
        if (notes.Length > 2000) errors.TryAdd(Fields.Notes, new FieldError("deal.error.too-long", 2000));

        if (errors.Count == 0)
            input = new DealInput(company, website.Length == 0 ? null : website, domain, contactName.Length == 0 ? null : contactName,
                email.Length == 0 ? null : email, close, amount is null ? null : Math.Round(amount.Value, 2), currency,
                product.Length == 0 ? null : product, notes.Length == 0 ? null : notes);
        return errors;
    }

    public static bool IsEmail(string s) => People.EmailAddresses.IsValid(s);

    /// <summary>HTML tags, Slack/Teams mentions and broadcasts: refused in fields, so nothing stored can ping or render.</summary>
    public static bool ContainsMarkup(string s) => s.Length > 0 && MarkupRegex().IsMatch(s);

    /// <summary>
    /// The decision for a new registration of another organisation's account or a big one: any conflict, or an amount
    /// at or above the review threshold, goes to review; everything else is approved at once.
    /// </summary>
    public static (DealStatus Status, string? ReviewReason) Decide(ConflictResult conflicts, decimal? amountInProgramCurrency, ProgramOptions o)
    {
        var reasons = new List<string>();
        if (conflicts.HasConflict) reasons.Add("conflict");
        if (amountInProgramCurrency is { } a && a >= o.DealRegistration.ReviewAmountThreshold) reasons.Add("amount");
        return reasons.Count == 0 ? (DealStatus.Approved, null) : (DealStatus.InReview, string.Join(',', reasons));
    }

    /// <summary>
    /// Who sourced a deal, as its registration's review settled it: a customer direct sales already owned counts as
    /// direct-sourced (the program's co-selling rule), any other approved registration as partner-sourced. The close
    /// form starts from this; the rep can still change it.
    /// </summary>
    /// <summary>
    /// What waits for a rep's decision: a registration in review, or an extension asked for. The review queue and the
    /// digest's "Decisions waiting" both read this rule: in memory here, in SQL as <see cref="AwaitingDecision"/> (the
    /// same condition, proved equal for every status by DealRulesTests).
    /// </summary>
    public static bool AwaitsDecision(DealStatus status, ExtensionStatus extension) =>
        status == DealStatus.InReview || extension == ExtensionStatus.Pending;

    /// <summary><see cref="AwaitsDecision"/> as a query condition.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<DealRegistration, bool>> AwaitingDecision =
        d => d.Status == DealStatus.InReview || d.ExtensionStatus == ExtensionStatus.Pending;

    /// <summary>Whether the extension, not the registration, is what waits (a registration in review decides first).</summary>
    public static bool ExtensionAwaits(DealStatus status, ExtensionStatus extension) =>
        status != DealStatus.InReview && extension == ExtensionStatus.Pending;

    /// <summary>Since when it has waited: the registration since it was registered, an extension since it was asked for.</summary>
    public static DateTimeOffset WaitingSince(DealStatus status, ExtensionStatus extension, DateTimeOffset registeredAt,
        DateTimeOffset? extensionRequestedAt, DateTimeOffset updatedAt) =>
        ExtensionAwaits(status, extension) ? extensionRequestedAt ?? updatedAt : registeredAt;

    public static DealSource ReviewedSource(DealRegistration d) =>
        DealRegistration.SplitIds(d.ConflictingDirectAccountIds).Count > 0 ? DealSource.DirectSourced : DealSource.PartnerSourced;

    /// <summary>The tier's registration window, else the program's.</summary>
    public static int WindowDays(string tier, ProgramOptions o) =>
        o.FindTier(tier) is { RegistrationWindowDays: > 0 } t ? t.RegistrationWindowDays : o.DealRegistration.WindowDays;

    /// <summary>Why an extension cannot be asked for now (a localization key), or null when it can.</summary>
    public static string? ExtensionRefusal(DealRegistration d, DateOnly today, ProgramOptions o)
    {
        if (d.Status != DealStatus.Approved || d.ProtectedUntil is null) return "deal.extend.not-approved";
        if (d.ProtectedUntil < today) return "deal.extend.expired";
        if (d.ExtensionStatus == ExtensionStatus.Pending) return "deal.extend.pending";
        if (d.ExtensionsUsed >= o.DealRegistration.MaxExtensions) return "deal.extend.used";
        return null;
    }

    /// <summary>
    /// The reminder due today: the smallest configured "days before" that today has reached and that was not sent yet
    /// for this protection end. A job that missed a day sends only the most urgent one.
    /// </summary>
    public static int? ReminderDue(DealRegistration d, DateOnly today, ProgramOptions o)
    {
        if (d.Status != DealStatus.Approved || d.ProtectedUntil is not { } until || until < today) return null;
        var left = until.DayNumber - today.DayNumber;
        int? due = null;
        foreach (var days in o.DealRegistration.ReminderDaysBefore)
            if (left <= days && (d.LastReminderDaysBefore is null || days < d.LastReminderDaysBefore) && (due is null || days < due))
                due = days;
        return due;
    }

    /// <summary>Protection ends at the end of <see cref="DealRegistration.ProtectedUntil"/>: the day after, it expires.</summary>
    public static bool HasExpired(DealRegistration d, DateOnly today) =>
        d.Status == DealStatus.Approved && d.ProtectedUntil is { } until && until < today;

    private const string IdAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>"DR-" and ten Crockford base-32 characters (50 random bits): short enough to type, no collisions in practice.</summary>
    public static string NewId() => NewId("DR-");

    /// <summary>A short, typeable id with <paramref name="prefix"/> (a lead's "LD-…").</summary>
    public static string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[10];
        for (var i = 0; i < 10; i++) chars[i] = IdAlphabet[bytes[i] & 31];
        return prefix + new string(chars);
    }

    [GeneratedRegex(@"<\s*[!@#/a-zA-Z]|(?<![\w.])@(?:here|channel|everyone|all)\b|javascript:|&lt;|&#", RegexOptions.IgnoreCase)]
    private static partial Regex MarkupRegex();
}
