using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using PartnerBot.Deals;
using PartnerBot.People;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Benchmarks;

/// <summary>
/// A database (SQLite, or PostgreSQL: see <see cref="BenchStorage"/>) with the real migrations and N active registrations from 50 partner organisations, with names
/// built like real ones: one to three made-up words, often a common word (Systems, Global, Digital...) and a legal form.
/// </summary>
internal sealed class ConflictCheckData : IAsyncDisposable
{
    private static readonly string[] Syllables = BuildSyllables();
    private static readonly string[] Common = ["Systems", "Solutions", "Global", "Digital", "Tech", "Labs", "Logistics", "Foods", "Health", "Energy", "Software", "Consulting"];
    private static readonly string[] Legal = ["Inc", "Ltd", "LLC", "GmbH", "Sdn Bhd", "Sp. z o.o.", "S.A.", "Pte Ltd", "", ""];

    public required BenchStorage Storage { get; init; }
    public required PartnerBotDb Db { get; init; }
    public required ConflictChecker Checker { get; init; }
    public required ConflictIndex Index { get; init; }
    public required string[] Queries { get; init; }

    // English-like syllables: onset cluster + vowel + optional coda, so words look like "Brentwick" or "Sloraxon".
    private static string[] BuildSyllables()
    {
        string[] onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "qu", "r", "s", "t", "v", "w", "y", "z",
            "bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "sc", "sh", "sk", "sl", "sn", "sp", "st", "str", "th", "tr", "wh"];
        string[] vowels = ["a", "e", "i", "o", "u", "y", "ai", "ea", "ee", "oo", "ou", "ie", "au"];
        string[] codas = ["", "", "", "n", "r", "s", "t", "l", "ck", "nd", "ng", "nt", "rt", "st", "x", "m", "ft", "sh"];
        var list = new List<string>();
        foreach (var o in onsets)
            foreach (var v in vowels)
                foreach (var c in codas)
                    list.Add(o + v + c);
        return list.Distinct().ToArray();
    }

    public static string Name(Random rng)
    {
        string Word() => string.Concat(Enumerable.Range(0, rng.Next(2, 4)).Select(_ => Syllables[rng.Next(Syllables.Length)]));
        var words = Enumerable.Range(0, rng.Next(1, 3)).Select(_ => Capital(Word())).ToList();
        if (rng.NextDouble() < 0.5) words.Add(Common[rng.Next(Common.Length)]);
        var legal = Legal[rng.Next(Legal.Length)];
        return legal.Length == 0 ? string.Join(' ', words) : $"{string.Join(' ', words)} {legal}";
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    public static async Task<ConflictCheckData> CreateAsync(int registrations, int queries, int seed = 42)
    {
        var storage = await BenchStorage.CreateAsync();
        var db = storage.NewContext();
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        db.People.Add(new Person { Id = "bench-person", DisplayName = "Bench", Role = Role.PartnerUser, Preferences = new Preferences { DigestCadence = Cadence.Off } });
        for (var o = 0; o < 50; o++)
            db.PartnerOrganisations.Add(new PartnerOrganisation { Id = $"org{o}", Name = $"Org {o}", Type = PartnerType.Reseller, Tier = "Gold", JoinedOn = new DateOnly(2024, 1, 1) });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var rng = new Random(seed);
        var names = new string[registrations];
        var rows = Enumerable.Range(0, registrations).Select(i =>
        {
            var name = names[i] = Name(rng);
            var norm = CompanyNames.Normalize(name);
            return new Row($"DR-B{i:D9}", $"org{rng.Next(50)}", name, norm,
                rng.NextDouble() < 0.6 ? norm.Replace(' ', '-') + $"-{i % 97}.example" : null,
                today.AddDays(rng.Next(1, 365)), now.AddMinutes(-rng.Next(0, 200_000)).UtcTicks, today.AddDays(rng.Next(1, 90)));
        });
        if (storage.IsPostgreSql) await CopyAsync(storage, rows);
        else await InsertAsync(storage, rows);

        // Queries: half new names, a quarter exact re-registrations, a quarter near-misses (one letter changed, another legal form).
        var queryList = new string[queries];
        for (var q = 0; q < queries; q++)
        {
            var kind = q % 4;
            queryList[q] = kind switch
            {
                0 => names[rng.Next(registrations)],
                1 => Typo(names[rng.Next(registrations)], rng) + " Limited",
                _ => Name(rng),
            };
        }

        var program = Options.Create(new ProgramOptions { DealRegistration = new DealRegistrationRules { NameSimilarityPercent = 90 } });
        var index = new ConflictIndex();
        var checker = new ConflictChecker(db, index, program, TimeProvider.System);
        await index.CatchUpAsync(db, DateOnly.FromDateTime(now.UtcDateTime), 365, CancellationToken.None); // the one-time load, as at the first check after start
        return new ConflictCheckData { Storage = storage, Db = db, Checker = checker, Index = index, Queries = queryList };
    }

    private sealed record Row(string Id, string Org, string Name, string Normalized, string? Domain, DateOnly Close, long At, DateOnly Until);

    /// <summary>SQLite: one prepared INSERT in one transaction (as a bulk load there is done).</summary>
    private static async Task InsertAsync(BenchStorage storage, IEnumerable<Row> rows)
    {
        await using var conn = new SqliteConnection(storage.Settings.ConnectionString);
        await conn.OpenAsync();
        await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync();
        await using var insert = conn.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO DealRegistrations (Id, PartnerOrganisationId, RegisteredByPersonId, CompanyName, NormalizedName, Domain,
                CloseDate, Currency, Status, RegisteredAt, UpdatedAt, ProtectedUntil, ExtensionsUsed, ExtensionStatus)
            VALUES ($id, $org, 'bench-person', $name, $norm, $domain, $close, 'USD', 'Approved', $at, $at, $until, 0, 'None')
            """;
        var pId = insert.Parameters.Add("$id", SqliteType.Text);
        var pOrg = insert.Parameters.Add("$org", SqliteType.Text);
        var pName = insert.Parameters.Add("$name", SqliteType.Text);
        var pNorm = insert.Parameters.Add("$norm", SqliteType.Text);
        var pDomain = insert.Parameters.Add("$domain", SqliteType.Text);
        var pClose = insert.Parameters.Add("$close", SqliteType.Text);
        var pAt = insert.Parameters.Add("$at", SqliteType.Integer);
        var pUntil = insert.Parameters.Add("$until", SqliteType.Text);
        foreach (var r in rows)
        {
            pId.Value = r.Id;
            pOrg.Value = r.Org;
            pName.Value = r.Name;
            pNorm.Value = r.Normalized;
            pDomain.Value = (object?)r.Domain ?? DBNull.Value;
            pClose.Value = r.Close.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            pAt.Value = r.At;
            pUntil.Value = r.Until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>PostgreSQL: binary COPY (as a bulk load there is done), then ANALYZE so the planner knows the table.</summary>
    private static async Task CopyAsync(BenchStorage storage, IEnumerable<Row> rows)
    {
        await using var conn = new NpgsqlConnection(storage.Settings.ConnectionString);
        await conn.OpenAsync();
        await using (var copy = await conn.BeginBinaryImportAsync("""
            COPY "DealRegistrations" ("Id", "PartnerOrganisationId", "RegisteredByPersonId", "CompanyName", "NormalizedName", "Domain",
                "CloseDate", "Currency", "Status", "RegisteredAt", "UpdatedAt", "Version", "ProtectedUntil", "ExtensionsUsed", "ExtensionStatus")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(r.Id, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Org, NpgsqlDbType.Varchar);
                await copy.WriteAsync("bench-person", NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Name, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Normalized, NpgsqlDbType.Varchar);
                if (r.Domain is null) await copy.WriteNullAsync(); else await copy.WriteAsync(r.Domain, NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.Close, NpgsqlDbType.Date);
                await copy.WriteAsync("USD", NpgsqlDbType.Varchar);
                await copy.WriteAsync("Approved", NpgsqlDbType.Varchar);
                await copy.WriteAsync(r.At, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.At, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(r.Until, NpgsqlDbType.Date);
                await copy.WriteAsync(0, NpgsqlDbType.Integer);
                await copy.WriteAsync("None", NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync();
        }
        await using var analyze = conn.CreateCommand();
        analyze.CommandText = """ANALYZE "DealRegistrations" """;
        await analyze.ExecuteNonQueryAsync();
    }

    private static string Typo(string name, Random rng)
    {
        var chars = name.ToCharArray();
        var i = rng.Next(3, Math.Max(4, chars.Length));
        if (i < chars.Length && char.IsLetter(chars[i])) chars[i] = chars[i] == 'a' ? 'e' : 'a';
        return new string(chars);
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        Index.Dispose();
        await Storage.DisposeAsync();
    }
}
