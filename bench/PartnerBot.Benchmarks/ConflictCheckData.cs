using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Deals;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Benchmarks;

/// <summary>
/// A SQLite database with the real migrations and N active registrations from 50 partner organisations, with names
/// built like real ones: one to three made-up words, often a common word (Systems, Global, Digital...) and a legal form.
/// </summary>
internal sealed class ConflictCheckData : IAsyncDisposable
{
    private static readonly string[] Syllables = BuildSyllables();
    private static readonly string[] Common = ["Systems", "Solutions", "Global", "Digital", "Tech", "Labs", "Logistics", "Foods", "Health", "Energy", "Software", "Consulting"];
    private static readonly string[] Legal = ["Inc", "Ltd", "LLC", "GmbH", "Sdn Bhd", "Sp. z o.o.", "S.A.", "Pte Ltd", "", ""];

    public required string Path { get; init; }
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
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"partnerbot-bench-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite($"Data Source={path}").Options;
        var db = new PartnerBotDb(options);
        await db.Database.MigrateAsync();

        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var rng = new Random(seed);
        var names = new string[registrations];
        await using (var conn = new SqliteConnection($"Data Source={path}"))
        {
            await conn.OpenAsync();
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync();
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO People (Id, DisplayName, Role, Language, TimeZone, DigestCadence, DigestDay, DigestHour, Reminders) VALUES ('bench-person', 'Bench', 'PartnerUser', 'en', 'UTC', 'Off', 'Monday', 8, 'Off')";
                await cmd.ExecuteNonQueryAsync();
                for (var o = 0; o < 50; o++)
                {
                    cmd.CommandText = $"INSERT INTO PartnerOrganisations (Id, Name, Type, Tier, JoinedOn, AnnualRevenue, SalesCertifiedReps, TechnicalCertifications, CustomerReferences, DedicatedPractice, ExecutiveSponsor) VALUES ('org{o}', 'Org {o}', 'Reseller', 'Gold', '2024-01-01', '0', 0, 0, 0, 0, 0)";
                    await cmd.ExecuteNonQueryAsync();
                }
            }
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
            for (var i = 0; i < registrations; i++)
            {
                var name = names[i] = Name(rng);
                var norm = CompanyNames.Normalize(name);
                pId.Value = $"DR-B{i:D9}";
                pOrg.Value = $"org{rng.Next(50)}";
                pName.Value = name;
                pNorm.Value = norm;
                pDomain.Value = rng.NextDouble() < 0.6 ? norm.Replace(' ', '-') + $"-{i % 97}.example" : DBNull.Value;
                pClose.Value = today.AddDays(rng.Next(1, 365)).ToString("yyyy-MM-dd");
                pAt.Value = now.AddMinutes(-rng.Next(0, 200_000)).UtcTicks;
                pUntil.Value = today.AddDays(rng.Next(1, 90)).ToString("yyyy-MM-dd");
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }

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
        return new ConflictCheckData { Path = path, Db = db, Checker = checker, Index = index, Queries = queryList };
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
        SqliteConnection.ClearAllPools();
        try { File.Delete(Path); } catch (IOException) { }
    }
}
