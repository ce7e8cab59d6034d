namespace PartnerBot.Storage;

/// <summary>
/// BM25 as SQLite's FTS5 computes it (k1 1.2, b 0.75; idf = ln((N − n + 0.5) / (n + 0.5)), at least 10⁻⁶), for the
/// PostgreSQL indexes: PostgreSQL finds the matching rows, this ranks them, so a score means the same on both providers.
/// </summary>
public static class Bm25
{
    private const double K1 = 1.2, B = 0.75;

    /// <summary>A term's weight: <paramref name="rows"/> in the table, <paramref name="hits"/> of them holding the term.</summary>
    public static double Idf(long rows, long hits) => Math.Max(Math.Log((rows - hits + 0.5) / (hits + 0.5)), 1e-6);

    /// <summary>One term's share of a row's score: its weighted frequency in the row, the row's length and the average length in tokens.</summary>
    public static double Term(double idf, double frequency, double length, double averageLength) =>
        idf * (frequency * (K1 + 1)) / (frequency + K1 * (1 - B + B * length / Math.Max(averageLength, 1e-9)));
}
