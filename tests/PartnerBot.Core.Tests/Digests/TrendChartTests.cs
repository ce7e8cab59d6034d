using PartnerBot.Digests;
using SkiaSharp;

namespace PartnerBot.Core.Tests.Digests;

/// <summary>
/// The trend chart as a reader sees it, checked on its pixels: the program's colours for both series, text on both
/// axes and in the legend, a light and a dark background. Each test also writes its picture to
/// <c>TestResults/charts/</c> to look at.
/// </summary>
public sealed class TrendChartTests
{
    private static readonly int[] Registrations = [3, 5, 2, 0, 7, 4, 6, 8, 5, 9, 4, 6];
    private static readonly decimal[] Revenue = [10_000, 12_000, 0, 5_000, 20_000, 18_000, 25_000, 9_000, 30_000, 26_000, 12_000, 40_000];
    private static readonly string[] Weeks = ["7 Sep", "14 Sep", "21 Sep", "28 Sep", "5 Oct", "12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov"];

    private static TrendChartData Data(string language = "en", string registrations = "Registrations", string revenue = "Partner-sourced revenue (USD)",
        int[]? regs = null, string[]? weeks = null) =>
        new(language, registrations, revenue, weeks ?? Weeks, regs ?? Registrations, Revenue);

    [Fact]
    public void Render_IsAPng_OfTheStatedSize()
    {
        using var image = Decode(TrendChart.Render(Data()), "en-light");
        Assert.Equal((TrendChart.Width, TrendChart.Height), (image.Width, image.Height));
    }

    [Fact]
    public void Light_HasBothSeriesInTheProgramsColours_OnALightBackground()
    {
        using var image = Decode(TrendChart.Render(Data()), "en-light");
        Assert.True(Luma(image.GetPixel(2, 2)) > 240, "the corner is white");
        Assert.True(Count(image, TrendChart.Bars) > 3000, "bars are drawn in the registrations colour");
        Assert.True(Count(image, TrendChart.Line) > 400, "the revenue line is drawn in its colour");
    }

    [Fact]
    public void Dark_HasADarkBackground_AndLightText()
    {
        using var image = Decode(TrendChart.Render(Data(), ChartTheme.Dark), "en-dark");
        Assert.True(Luma(image.GetPixel(2, 2)) < 40, "the corner is dark");
        Assert.True(Count(image, TrendChart.Bars) > 3000);
        // Text and ticks on the left axis are light on the dark background.
        Assert.True(Pixels(image, 0, 0, 60, TrendChart.Height).Count(p => Luma(p) > 170) > 100, "light axis text on the left");
    }

    [Fact]
    public void Axes_CarryTheirLabels_AndTheWeeks()
    {
        // The same chart with and without words: the difference is where the axis titles, the week labels and the
        // legend are written, so each of them is drawn (a text-layer check on a picture).
        using var words = Decode(TrendChart.Render(Data()), "en-words");
        using var none = Decode(TrendChart.Render(Data(registrations: " ", revenue: " ", weeks: [.. Weeks.Select(_ => " ")])), "en-no-words");
        var (w, h) = (TrendChart.Width, TrendChart.Height);
        Assert.True(Differs(words, none, 0, 0, 28, h) > 80, "the left axis title is written");
        Assert.True(Differs(words, none, w - 28, 0, w, h) > 80, "the right axis title is written");
        Assert.True(Differs(words, none, 60, h - 30, w - 60, h) > 150, "the weeks are written along the bottom");
        Assert.True(Differs(words, none, 60, 0, w / 2, h / 4) > 150, "the legend names the series");
    }

    [Fact]
    public void DifferentWeeks_GiveDifferentPictures_AndTheSameWeeksTheSame()
    {
        var a = TrendChart.Render(Data());
        Assert.NotEqual(a, TrendChart.Render(Data(regs: [.. Registrations.Reverse()])));
        Assert.Equal(a, TrendChart.Render(Data()));
    }

    [Fact]
    public void AllZeroWeeks_IsStillAChart()
    {
        using var image = Decode(TrendChart.Render(new TrendChartData("en", "Registrations", "Revenue", Weeks, new int[12], new decimal[12])), "en-zero");
        Assert.Equal(TrendChart.Width, image.Width);
    }

    [Fact]
    public void MismatchedSeries_IsRefused() =>
        Assert.Throws<ArgumentException>(() => TrendChart.Render(new TrendChartData("en", "R", "V", ["a", "b"], [1, 2], [1m])));

    [Fact]
    public void Chinese_IsWrittenInAFontThatHasItsGlyphs()
    {
        const string words = "注册数合作伙伴来源收入（USD）10月6日";
        var family = TrendChart.FontFor(words);
        using var typeface = SKTypeface.FromFamilyName(family);
        if (!typeface.ContainsGlyphs(words))
        {
            // A machine without a CJK font draws boxes: CI installs one (.ci/run), and so must a server (README).
            Assert.True(Environment.GetEnvironmentVariable("PARTNERBOT_REQUIRE_PEERS") != "1", $"No installed font has the Chinese glyphs (chose {family}).");
            return;
        }
        using var image = Decode(TrendChart.Render(Data("zh-Hans", "注册数", "合作伙伴来源收入（USD）",
            weeks: ["9月7日", "9月14日", "9月21日", "9月28日", "10月5日", "10月12日", "10月19日", "10月26日", "11月2日", "11月9日", "11月16日", "11月23日"])), "zh-light");
        Assert.Equal(TrendChart.Width, image.Width);
    }

    [Fact]
    public void Polish_AxisNumbers_AreWrittenThePolishWay()
    {
        // "40 000" (no-break space) on the Polish revenue axis, "40,000" on the English one: the pictures differ on the
        // right axis only by how the numbers are written.
        using var en = Decode(TrendChart.Render(Data()), "en-numbers");
        using var pl = Decode(TrendChart.Render(Data("pl")), "pl-numbers");
        Assert.True(Differs(en, pl, TrendChart.Width - 90, 0, TrendChart.Width - 28, TrendChart.Height - 30) > 20);
    }

    [Fact]
    public void Tokens_Are128RandomBits_InBase64Url()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => PartnerBot.Storage.LinkTokens.New()).ToList();
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{22}$", t));
    }

    private static SKBitmap Decode(byte[] png, string name)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "charts");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name + ".png"), png);
        return SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a picture");
    }

    private static IEnumerable<SKColor> Pixels(SKBitmap image, int x0, int y0, int x1, int y1)
    {
        for (var y = y0; y < y1; y++)
            for (var x = x0; x < x1; x++)
                yield return image.GetPixel(x, y);
    }

    private static int Count(SKBitmap image, ScottPlot.Color colour) =>
        Pixels(image, 0, 0, image.Width, image.Height).Count(p => Math.Abs(p.Red - colour.R) + Math.Abs(p.Green - colour.G) + Math.Abs(p.Blue - colour.B) < 30);

    private static int Differs(SKBitmap a, SKBitmap b, int x0, int y0, int x1, int y1) =>
        Pixels(a, x0, y0, x1, y1).Zip(Pixels(b, x0, y0, x1, y1)).Count(p => p.First != p.Second);

    private static double Luma(SKColor c) => 0.2126 * c.Red + 0.7152 * c.Green + 0.0722 * c.Blue;
}
