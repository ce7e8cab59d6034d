using PartnerBot.Localization;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace PartnerBot.Digests;

/// <summary>
/// What a trend chart shows, written once when the digest is built (in the recipient's words) and drawn when someone
/// opens it: the chart's words never need a translation at drawing time.
/// </summary>
/// <param name="WeekLabels">Each week's first day as the recipient writes a short date ("6 Oct", "6 paź").</param>
public sealed record TrendChartData(string Language, string RegistrationsLabel, string RevenueLabel, string[] WeekLabels,
    int[] Registrations, decimal[] Revenue);

public enum ChartTheme { Light, Dark }

/// <summary>
/// Draws the digest's trend chart with ScottPlot: weekly registrations as bars on the left axis, partner-sourced revenue
/// as a line on the right axis, weeks along the bottom, a legend, in the program's colours on a light or dark
/// background. Numbers on the axes are written as the recipient writes them.
/// </summary>
public static class TrendChart
{
    public const int Width = 720, Height = 320;

    /// <summary>The program's colours: registrations blue, revenue orange (the same in both themes).</summary>
    public static readonly Color Bars = Color.FromHex("#3D5AFE"), Line = Color.FromHex("#F08C14");

    private static readonly Dictionary<ChartTheme, (Color Background, Color Text, Color Grid, Color Frame)> Themes = new()
    {
        [ChartTheme.Light] = (Colors.White, Color.FromHex("#1F2430"), Color.FromHex("#E3E6EE"), Color.FromHex("#687086")),
        [ChartTheme.Dark] = (Color.FromHex("#1A1D21"), Color.FromHex("#E8EAED"), Color.FromHex("#33373D"), Color.FromHex("#9AA0A6")),
    };

    /// <summary>
    /// Fonts tried in order; the first installed one that has every glyph of the chart's words is used (Chinese needs a
    /// CJK font such as Noto Sans CJK or WenQuanYi Micro Hei: see the README's operations notes).
    /// </summary>
    private static readonly string[] FontFamilies =
    [
        "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Segoe UI",
        "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
    ];

    public static byte[] Render(TrendChartData data, ChartTheme theme = ChartTheme.Light)
    {
        var weeks = data.Registrations.Length;
        if (weeks == 0 || data.Revenue.Length != weeks || data.WeekLabels.Length != weeks)
            throw new ArgumentException("Registrations, revenue and week labels need the same, non-zero number of weeks.");
        var format = LocaleFormat.For(data.Language);
        var colours = Themes[theme];
        var plot = new Plot();
        var font = FontFor(string.Concat(data.RegistrationsLabel, data.RevenueLabel, string.Concat(data.WeekLabels)));
        plot.Font.Set(font);

        var xs = Enumerable.Range(0, weeks).Select(i => (double)i).ToArray();
        var bars = plot.Add.Bars(xs, data.Registrations.Select(r => (double)r).ToArray());
        bars.Color = Bars;
        bars.LegendText = data.RegistrationsLabel;
        foreach (var bar in bars.Bars) { bar.LineWidth = 0; bar.Size = 0.6; }

        var line = plot.Add.Scatter(xs, data.Revenue.Select(r => (double)r).ToArray());
        line.Color = Line;
        line.LineWidth = 3;
        line.MarkerSize = 7;
        line.LegendText = data.RevenueLabel;
        line.Axes.YAxis = plot.Axes.Right;

        plot.Axes.Left.Label.Text = data.RegistrationsLabel;
        plot.Axes.Right.Label.Text = data.RevenueLabel;
        plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true, LabelFormatter = v => format.Number((decimal)v) };
        plot.Axes.Right.TickGenerator = new NumericAutomatic { LabelFormatter = v => format.Number((decimal)v) };
        // Every other week is named, so the dates never run into each other at chat widths.
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            xs.Where((_, i) => (weeks - 1 - i) % 2 == 0).ToArray(),
            data.WeekLabels.Where((_, i) => (weeks - 1 - i) % 2 == 0).ToArray());
        plot.Axes.SetLimitsX(-0.6, weeks - 0.4);
        plot.Axes.SetLimitsY(0, Math.Max(1, data.Registrations.Max()) * 1.3, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, (double)Math.Max(1m, data.Revenue.Max()) * 1.3, plot.Axes.Right);

        plot.FigureBackground.Color = colours.Background;
        plot.DataBackground.Color = colours.Background;
        plot.Axes.Color(colours.Text);
        plot.Axes.FrameColor(colours.Frame);
        plot.Grid.MajorLineColor = colours.Grid;
        plot.Grid.XAxisStyle.IsVisible = false;

        var legend = plot.ShowLegend(Alignment.UpperLeft, Orientation.Horizontal);
        legend.BackgroundColor = colours.Background.WithAlpha(0.85);
        legend.FontColor = colours.Text;
        legend.OutlineColor = colours.Frame;
        legend.FontName = font;

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The first installed family of <see cref="FontFamilies"/> with every glyph of <paramref name="text"/>.</summary>
    public static string FontFor(string text)
    {
        var installed = SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var family in FontFamilies.Where(installed.Contains))
        {
            using var typeface = SKTypeface.FromFamilyName(family);
            if (typeface is not null && typeface.ContainsGlyphs(text)) return family;
        }
        return Fonts.Default;
    }
}
