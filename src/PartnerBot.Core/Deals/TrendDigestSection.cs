using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.Deals;

/// <summary>
/// The trend over the last 12 weeks: weekly registrations and partner-sourced revenue (<see cref="Deals.PartnerSourcedRevenue"/>). The numbers are written out; the chart, stored for
/// <see cref="DigestOptions.ChartLifetime"/> at an unguessable URL, only repeats them.
/// </summary>
public sealed class TrendDigestSection(PublicLinks links, IOptions<DigestOptions> options) : IDigestSection
{
    public const int Weeks = 12;

    public int Order => 90;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var rows = await ctx.RowsAsync<DealDigestRows>(ct);
        // The numbers and the picture are shared by recipients of the same scope; each gets their own chart row and URL.
        var (registrations, revenue, png) = ctx.Memo(nameof(TrendDigestSection), () =>
        {
            var (r, v) = Series(ctx, rows);
            return new Trend(r, v, r.Sum() == 0 && v.Sum() == 0 ? null : TrendChart.Render(r, v));
        });
        var title = ctx.T("digest.trend.title", Weeks);
        if (png is null)
            return new(title, [new TextBlock(ctx.T("digest.trend.none", Weeks))]);

        var now = ctx.Scope.Now;
        var token = DigestChart.NewToken();
        ctx.Db.DigestCharts.Add(new DigestChart
        {
            Token = token, RecipientPersonId = ctx.Scope.Recipient.PersonId, Png = png,
            CreatedAt = now, ExpiresAt = now + options.Value.ChartLifetime,
        });
        var text = ctx.T("digest.trend.summary", registrations.Sum(), ctx.Money(revenue.Sum()), registrations.Max(), ctx.Money(revenue.Max()),
            string.Join(", ", registrations));
        var alt = ctx.T("digest.trend.alt", Weeks, registrations.Min(), registrations.Max(), ctx.Money(revenue.Min()), ctx.Money(revenue.Max()));
        return new(title, [new TextBlock(text), new ImageBlock(links.To($"/charts/{token}.png"), alt)]);
    }

    private sealed record Trend(int[] Registrations, decimal[] Revenue, byte[]? Png);

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
