using System.Buffers.Binary;
using System.IO.Compression;

namespace PartnerBot.Digests;

/// <summary>
/// Draws the digest's trend chart — weekly registrations as bars, partner-sourced revenue as a line, each on its own
/// scale — and encodes it as a PNG. Deliberately small: no text in the image (the digest's text carries every number,
/// and the image's alt text describes it), so no font is needed.
/// </summary>
public static class TrendChart
{
    public const int Width = 640, Height = 240;
    private const int Left = 16, Right = 16, Top = 16, Bottom = 20;
    private static readonly (byte R, byte G, byte B) Background = (255, 255, 255), Grid = (227, 230, 238),
        Bars = (61, 90, 254), Line = (240, 140, 20), Axis = (104, 112, 134);

    public static byte[] Render(IReadOnlyList<int> weeklyRegistrations, IReadOnlyList<decimal> weeklyRevenue)
    {
        if (weeklyRegistrations.Count != weeklyRevenue.Count || weeklyRegistrations.Count == 0)
            throw new ArgumentException("Both series need the same, non-zero number of weeks.");
        var px = new byte[Width * Height * 3];
        Fill(px, 0, 0, Width, Height, Background);

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        for (var i = 0; i <= 4; i++) Fill(px, Left, Top + plotH * i / 4, plotW, 1, Grid);
        Fill(px, Left, Top + plotH, plotW, 2, Axis);

        var n = weeklyRegistrations.Count;
        var slot = plotW / n;
        var maxBars = Math.Max(1, weeklyRegistrations.Max());
        var maxLine = Math.Max(1m, weeklyRevenue.Max());
        var points = new List<(int X, int Y)>();
        for (var i = 0; i < n; i++)
        {
            var h = (int)Math.Round((double)weeklyRegistrations[i] / maxBars * (plotH - 4));
            var x = Left + i * slot + slot / 4;
            Fill(px, x, Top + plotH - h, Math.Max(2, slot / 2), h, Bars);
            var y = Top + plotH - (int)Math.Round((double)(weeklyRevenue[i] / maxLine) * (plotH - 4));
            points.Add((Left + i * slot + slot / 2, y));
        }
        for (var i = 1; i < points.Count; i++) DrawLine(px, points[i - 1], points[i], Line);
        foreach (var (x, y) in points) Fill(px, x - 3, y - 3, 7, 7, Line);
        return EncodePng(px, Width, Height);
    }

    private static void Fill(byte[] px, int x, int y, int w, int h, (byte R, byte G, byte B) c)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(Height, y + h); yy++)
            for (var xx = Math.Max(0, x); xx < Math.Min(Width, x + w); xx++)
            {
                var o = (yy * Width + xx) * 3;
                px[o] = c.R; px[o + 1] = c.G; px[o + 2] = c.B;
            }
    }

    private static void DrawLine(byte[] px, (int X, int Y) a, (int X, int Y) b, (byte, byte, byte) c)
    {
        int dx = Math.Abs(b.X - a.X), dy = -Math.Abs(b.Y - a.Y), sx = a.X < b.X ? 1 : -1, sy = a.Y < b.Y ? 1 : -1, err = dx + dy;
        var (x, y) = a;
        while (true)
        {
            Fill(px, x - 1, y - 1, 3, 3, c);
            if (x == b.X && y == b.Y) break;
            var e2 = 2 * err;
            if (e2 >= dy) { err += dy; x += sx; }
            if (e2 <= dx) { err += dx; y += sy; }
        }
    }

    /// <summary>8-bit RGB, one IDAT, no filtering: small enough for a 640×240 chart and readable by every client.</summary>
    public static byte[] EncodePng(byte[] rgb, int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; ihdr[9] = 2; // bit depth 8, colour type RGB
        Chunk(png, "IHDR", ihdr);
        using (var raw = new MemoryStream())
        {
            // Each row is its filter byte (0: none) and its pixels.
            var rows = new byte[height * (width * 3 + 1)];
            for (var y = 0; y < height; y++) Buffer.BlockCopy(rgb, y * width * 3, rows, y * (width * 3 + 1) + 1, width * 3);
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
                z.Write(rows);
            Chunk(png, "IDAT", raw.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32(typeBytes, data);
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(byte[] a, byte[] b)
    {
        var c = 0xFFFFFFFFu;
        foreach (var x in a) c = CrcTable[(c ^ x) & 0xFF] ^ (c >> 8);
        foreach (var x in b) c = CrcTable[(c ^ x) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
