using System.Buffers.Binary;
using System.IO.Compression;
using PartnerBot.Digests;

namespace PartnerBot.Core.Tests.Digests;

public sealed class TrendChartTests
{
    private static readonly int[] Registrations = [3, 5, 2, 0, 7, 4, 6, 8, 5, 9, 4, 6];
    private static readonly decimal[] Revenue = [10_000, 12_000, 0, 5_000, 20_000, 18_000, 25_000, 9_000, 30_000, 26_000, 12_000, 40_000];

    [Fact]
    public void Render_IsAValidPng_OfTheStatedSize()
    {
        var png = TrendChart.Render(Registrations, Revenue);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var ihdr = chunks[0].Data;
        Assert.Equal((640, 240, (byte)8, (byte)2), (BinaryPrimitives.ReadInt32BigEndian(ihdr), BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)), ihdr[8], ihdr[9]));

        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress)) z.CopyTo(inflated);
        Assert.Equal(240 * (1 + 640 * 3), inflated.Length);
    }

    [Fact]
    public void Render_DrawsTheData_SoDifferentWeeksGiveDifferentImages()
    {
        var a = TrendChart.Render(Registrations, Revenue);
        var b = TrendChart.Render([.. Registrations.Reverse()], Revenue);
        Assert.NotEqual(a, b);
        Assert.Equal(a, TrendChart.Render(Registrations, Revenue));
    }

    [Fact]
    public void Render_AllZeroWeeks_IsStillAnImage() =>
        Assert.Equal(3, Chunks(TrendChart.Render(new int[12], new decimal[12])).Count);

    [Fact]
    public void Render_MismatchedSeries_IsRefused() =>
        Assert.Throws<ArgumentException>(() => TrendChart.Render([1, 2], [1m]));

    [Fact]
    public void Tokens_Are128RandomBits_InBase64Url()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => DigestChart.NewToken()).ToList();
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{22}$", t));
    }

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var list = new List<(string, byte[])>();
        for (var i = 8; i < png.Length;)
        {
            var len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(i));
            var type = System.Text.Encoding.ASCII.GetString(png, i + 4, 4);
            var data = png[(i + 8)..(i + 8 + len)];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(i + 8 + len));
            Assert.Equal(Crc(png[(i + 4)..(i + 8 + len)]), crc);
            list.Add((type, data));
            i += 12 + len;
        }
        return list;
    }

    // An independent CRC-32 (bitwise) to check the encoder's table-driven one.
    private static uint Crc(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
