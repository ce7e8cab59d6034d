using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Digests;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// The trend over the last 12 weeks: weekly registrations and partner-sourced revenue
/// (<see cref="Deals.PartnerSourcedRevenue"/>). The numbers are written out; the chart, kept for
/// <see cref="DigestOptions.ChartLifetime"/> at an unguessable URL, only repeats them, and is drawn when first opened.
/// </summary>
public sealed class TrendDigestSection(PublicLinks links, IOptions<DigestOptions> options) : IDigestSection
{
    public const int Weeks = 12;

    public int Order => 90;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var rows = await ctx.RowsAsync<DealDigestRows>(ct);
        // The numbers and the picture are shared by recipients of the same scope; each gets their own chart row and URL.
        var (registrations, revenue, chart) = ctx.Memo(nameof(TrendDigestSection), () =>
        {
            var (r, v) = Series(ctx, rows);
            return new Trend(r, v, r.Sum() == 0 && v.Sum() == 0 ? null : ChartData(ctx, r, v));
        });
        var title = ctx.T("digest.trend.title", Weeks);
        if (chart is null)
            return new(title, [new TextBlock(ctx.T("digest.trend.none", Weeks))]);

        var now = ctx.Scope.Now;
        var token = LinkTokens.New();
        ctx.Db.DigestCharts.Add(new DigestChart
        {
            Token = token, RecipientPersonId = ctx.Scope.Recipient.PersonId, Data = chart,
            CreatedAt = now, ExpiresAt = now + options.Value.ChartLifetime,
        });
        var text = ctx.T("digest.trend.summary", registrations.Sum(), ctx.Money(revenue.Sum()), registrations.Max(), ctx.Money(revenue.Max()),
            string.Join(", ", registrations));
        var alt = ctx.T("digest.trend.alt", Weeks, registrations.Min(), registrations.Max(), ctx.Money(revenue.Min()), ctx.Money(revenue.Max()));
        var url = links.To($"/charts/{token}.png");
        return new(title, [new TextBlock(text), new ImageBlock(url, alt) { DarkUrl = url + "?theme=dark" }]);
    }

    /// <param name="Chart">What the chart shows, as stored (<see cref="DigestChart.Data"/>); null when there is nothing to draw.</param>
    private sealed record Trend(int[] Registrations, decimal[] Revenue, string? Chart);

    /// <summary>The chart's numbers and words in the recipient's language; drawn only when someone opens it.</summary>
    private static string ChartData(DigestContext ctx, int[] registrations, decimal[] revenue)
    {
        var start = ctx.Scope.Now - TimeSpan.FromDays(7 * Weeks);
        var weeks = Enumerable.Range(0, Weeks).Select(i => ctx.Format.DayMonth(ctx.Day(start + TimeSpan.FromDays(7 * i)))).ToArray();
        return DigestChart.Serialize(new TrendChartData(ctx.Language, ctx.T("digest.trend.chart.registrations"),
            ctx.T("digest.trend.chart.revenue", ctx.Program.Currency), weeks, registrations, revenue));
    }

    /// <summary>Week i covers [now − (12 − i) weeks, now − (11 − i) weeks): the last week ends now.</summary>
    public static (int[] Registrations, decimal[] Revenue) Series(DigestContext ctx, DealDigestRows rows)
    {
        var now = ctx.Scope.Now;
        var start = now - TimeSpan.FromDays(7 * Weeks);
        var registrations = new int[Weeks];
        var revenue = new decimal[Weeks];
        static int Week(DateTimeOffset at, DateTimeOffset start) => (int)((at - start).Ticks / TimeSpan.FromDays(7).Ticks);
        foreach (var p in ctx.Partners)
            foreach (var d in rows[p.Id])
            {
                if (d.RegisteredAt >= start && d.RegisteredAt < now) registrations[Week(d.RegisteredAt, start)]++;
                if (d is { PartnerSourcedRevenue: > 0, ClosedAt: { } c } && c >= start && c < now)
                    revenue[Week(c, start)] += d.PartnerSourcedRevenue;
            }
        return (registrations, revenue);
    }
}
