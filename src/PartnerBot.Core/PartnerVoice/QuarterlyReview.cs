using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Options;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.Localization;
using PartnerBot.Mdf;
using PartnerBot.Onboarding;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.PartnerVoice;

/// <summary>
/// One figure of a QBR pack: its section and measure (stable keys, the CSV's columns), the value, and the currency
/// for money (one figure per currency: amounts in different currencies are never added). A text figure (the
/// onboarding stage) carries its words in <see cref="Text"/>.
/// </summary>
public sealed record QbrFigure(string Section, string Measure, decimal Value, string? Currency = null, string? Text = null);

/// <summary>A partner's quarterly business review: every figure of the period, each asked of the capability that owns it.</summary>
public sealed record QbrPack(string OrganisationId, string OrganisationName, Period Period, IReadOnlyList<QbrFigure> Figures)
{
    public static readonly string[] Sections = ["registrations", "wins", "commission", "mdf", "certifications", "onboarding"];
}

/// <summary>
/// Builds the QBR pack from the owners of its figures (Deals: registrations, wins and partner-sourced revenue;
/// Commissions: the period's lines; MDF: the funds that overlap the period; Enablement: certifications earned;
/// Onboarding: the journey), and writes it as CSV. Periods are UTC days, as statements' are.
/// </summary>
public sealed class QuarterlyReview(CommissionService commissions, PartnerSourcedRevenue revenue, IOptions<ProgramOptions> program)
{
    public async Task<QbrPack> BuildAsync(PartnerBotDb db, PartnerOrganisation org, Period period, CancellationToken ct)
    {
        var rules = program.Value;
        var currency = rules.Currency;
        var from = new DateTimeOffset(period.Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(period.End.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var figures = new List<QbrFigure>();
        void Money(string section, string measure, MoneyTotals totals)
        {
            if (totals.IsEmpty) figures.Add(new(section, measure, 0m, currency));
            else figures.AddRange(totals.Items(currency).Select(m => new QbrFigure(section, measure, m.Amount, m.Currency)));
        }

        var deals = await DealActivity.ForPeriodAsync(db, org.Id, from, to, ct);
        figures.Add(new("registrations", "registered", deals.Registered));
        figures.Add(new("registrations", "approved", deals.Approved));
        figures.Add(new("registrations", "rejected", deals.Rejected));
        figures.Add(new("registrations", "in-review", deals.InReview));
        figures.Add(new("wins", "won", deals.Won));
        Money("wins", "won-value", deals.WonValue);
        figures.Add(new("wins", "lost", deals.Lost));
        figures.Add(new("wins", "partner-sourced-revenue", await revenue.WonAsync(db, org.Id, from, to, ct), currency));

        var lines = await commissions.LinesAsync(org.Id, period, ct);
        var earned = lines.Where(l => l.State != CommissionState.ClawedBack).ToList();
        var commission = earned.Where(l => l.Kind == CommissionLineKind.Commission).ToList();
        figures.Add(new("commission", "deals", commission.Count));
        Money("commission", "earned", MoneyTotals.Of(commission, l => l.Amount, l => l.Currency));
        Money("commission", "incentives", MoneyTotals.Of(earned.Where(l => l.Kind != CommissionLineKind.Commission), l => l.Amount, l => l.Currency));
        Money("commission", "paid", MoneyTotals.Of(earned.Where(l => l.State == CommissionState.Paid), l => l.Amount, l => l.Currency));

        var funds = await MdfFunds.OverlappingAsync(db, org.Id, period.Start, period.End.AddDays(1), ct);
        figures.Add(new("mdf", "allocated", funds.Sum(f => f.Balance.Allocated), currency));
        figures.Add(new("mdf", "approved", funds.Sum(f => f.Balance.Approved), currency));
        figures.Add(new("mdf", "claimed", funds.Sum(f => f.Balance.Claimed), currency));
        figures.Add(new("mdf", "reimbursed", funds.Sum(f => f.Balance.Reimbursed), currency));

        var (certifications, people) = await Certifications.EarnedAsync(db, org.Id, period.Start, period.End, ct);
        figures.Add(new("certifications", "earned", certifications));
        figures.Add(new("certifications", "people", people));

        var journey = await OnboardingJourney.ForAsync(db, rules.Onboarding, org, ct);
        figures.Add(new("onboarding", "steps-done", journey.DoneCount, Text: journey.Stage?.ToString() ?? "complete"));
        figures.Add(new("onboarding", "steps", journey.Steps.Count));
        return new QbrPack(org.Id, org.Name, period, figures);
    }

    /// <summary>
    /// The pack as CSV (UTF-8 with a byte order mark, so spreadsheets read the names right): one row per figure, with
    /// the stable keys, the label in the reader's words, and numbers as plain invariant numbers a spreadsheet sums.
    /// A text that a spreadsheet would run as a formula (a partner's name starting with '=') is escaped.
    /// </summary>
    public static byte[] Csv(QbrPack pack, Func<QbrFigure, string> label)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions
        {
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
            FormatProvider = CultureInfo.InvariantCulture,
        }, leaveOpen: true))
        {
            csv.WriteRecord(["partner_id", "partner", "period_start", "period_end", "section", "measure", "label", "value", "currency", "text"]);
            foreach (var f in pack.Figures)
                csv.WriteRecord([pack.OrganisationId, pack.OrganisationName,
                    pack.Period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), pack.Period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    f.Section, f.Measure, label(f),
                    f.Currency is { } c ? Money.Invariant(f.Value, c) : f.Value.ToString("0", CultureInfo.InvariantCulture), f.Currency ?? "", f.Text ?? ""]);
        }
        return stream.ToArray();
    }
}
