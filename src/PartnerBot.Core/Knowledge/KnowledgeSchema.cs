using Microsoft.EntityFrameworkCore.Migrations;

namespace PartnerBot.Knowledge;

/// <summary>
/// The full-text index EF Core cannot model: an FTS5 table over KnowledgeChunks (external content, so the text is
/// stored once) kept in step by triggers. The Language column lets a search match only one language's chunks, so
/// BM25 is computed for those alone. Called from the initial migration, so it survives migrations being regenerated.
/// The index uses the unicode61 tokenizer over text that <see cref="KnowledgeText"/> has already folded (case, accents,
/// Polish ł) and in which Chinese runs are written as overlapping bigrams: one table serves all four languages.
/// </summary>
public static class KnowledgeSchema
{
    public const string FtsTable = "KnowledgeFts";

    /// <summary>
    /// The prefix lengths (in characters) FTS5 indexes beside whole tokens. A question's prefix terms are 4 to 8 letters
    /// long ("deal"*, "regis"*, "prowiz"*: see <see cref="KnowledgeText"/>'s stemmer), a Chinese character 1 ("金"*); a
    /// prefix of one of these lengths is read as one list instead of merging the lists of every word it starts (on a
    /// merged index, a third off the ranking statements at 10,000 chunks; see the benchmarks' README). Other lengths
    /// still work, by the merge.
    /// </summary>
    public const string PrefixLengths = "1 4 5 6 7 8";

    public static void Up(MigrationBuilder migrationBuilder)
    {
        CreateTable(migrationBuilder, prefix: null);
        migrationBuilder.Sql($"""
            CREATE TRIGGER KnowledgeChunks_AfterInsert AFTER INSERT ON KnowledgeChunks BEGIN
                INSERT INTO {FtsTable}(rowid, SearchHeading, SearchBody, Language) VALUES (new.Id, new.SearchHeading, new.SearchBody, new.Language);
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER KnowledgeChunks_AfterDelete AFTER DELETE ON KnowledgeChunks BEGIN
                INSERT INTO {FtsTable}({FtsTable}, rowid, SearchHeading, SearchBody, Language) VALUES ('delete', old.Id, old.SearchHeading, old.SearchBody, old.Language);
            END;
            """);
        migrationBuilder.Sql($"""
            CREATE TRIGGER KnowledgeChunks_AfterUpdate AFTER UPDATE ON KnowledgeChunks BEGIN
                INSERT INTO {FtsTable}({FtsTable}, rowid, SearchHeading, SearchBody, Language) VALUES ('delete', old.Id, old.SearchHeading, old.SearchBody, old.Language);
                INSERT INTO {FtsTable}(rowid, SearchHeading, SearchBody, Language) VALUES (new.Id, new.SearchHeading, new.SearchBody, new.Language);
            END;
            """);
    }

    private static void CreateTable(MigrationBuilder migrationBuilder, string? prefix)
    {
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE {FtsTable} USING fts5(
                SearchHeading, SearchBody, Language,
                content='KnowledgeChunks', content_rowid='Id',
                tokenize='unicode61 remove_diacritics 2'{(prefix is null ? "" : $", prefix='{prefix}'")});
            """);
        // rank = BM25 with headings weighing three times the text; the language column only filters, it never scores.
        // Searches no longer rank with it (MatchScorer ranks on both providers); it stays as the migrations wrote it.
        migrationBuilder.Sql($"INSERT INTO {FtsTable}({FtsTable}, rank) VALUES ('rank', 'bm25(3.0, 1.0, 0.0)');");
    }

    /// <summary>
    /// The table again with <paramref name="prefix"/> indexes (none when null), re-indexed from KnowledgeChunks. FTS5
    /// cannot add them to a table, so it is dropped and created; the triggers name it, so they go on working, and the
    /// chunks are the table's content, so nothing is lost.
    /// </summary>
    public static void Recreate(MigrationBuilder migrationBuilder, string? prefix)
    {
        migrationBuilder.Sql($"DROP TABLE IF EXISTS {FtsTable};");
        CreateTable(migrationBuilder, prefix);
        migrationBuilder.Sql($"INSERT INTO {FtsTable}({FtsTable}) VALUES ('rebuild');");
        migrationBuilder.Sql(OptimizeSql + ";");
    }

    /// <summary>
    /// Merges the index into one segment. Every save of chunks adds a segment, and a search reads each term's list in
    /// every segment: after an ingest of thousands of chunks, merging them took a third off a search's ranking statements.
    /// </summary>
    public const string OptimizeSql = $"INSERT INTO {FtsTable}({FtsTable}) VALUES ('optimize')";

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS KnowledgeChunks_AfterUpdate;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS KnowledgeChunks_AfterDelete;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS KnowledgeChunks_AfterInsert;");
        migrationBuilder.Sql($"DROP TABLE IF EXISTS {FtsTable};");
    }
}

/// <summary>
/// The same index on PostgreSQL: a stored tsvector over the chunk's folded heading (weight A) and text (weight B),
/// with a GIN index. The text is already folded and cut by <see cref="KnowledgeText"/> (accents, case, Chinese bigrams),
/// so the 'simple' configuration is used: it keeps the tokens as KnowledgeText wrote them, which is what lets both
/// providers rank the same tokens with the same BM25 (see <see cref="MatchScorer"/>). SearchTokens is the
/// chunk's length in tokens as <see cref="MatchScorer.Length"/> counts it (heading, text and the language column),
/// summed for BM25's average length.
/// </summary>
public static class KnowledgePostgreSqlSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "KnowledgeChunks" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple', "SearchHeading"), 'A') || setweight(to_tsvector('simple', "SearchBody"), 'B')) STORED;
            """);
        migrationBuilder.Sql("""
            ALTER TABLE "KnowledgeChunks" ADD COLUMN "SearchTokens" integer GENERATED ALWAYS AS (
                cardinality(string_to_array("SearchHeading", ' ')) + cardinality(string_to_array("SearchBody", ' '))
                + cardinality(regexp_split_to_array("Language", '[^A-Za-z0-9]+'))) STORED;
            """);
        migrationBuilder.Sql("""CREATE INDEX "IX_KnowledgeChunks_SearchVector" ON "KnowledgeChunks" USING gin ("SearchVector");""");
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_KnowledgeChunks_SearchVector";""");
        migrationBuilder.Sql("""ALTER TABLE "KnowledgeChunks" DROP COLUMN IF EXISTS "SearchTokens";""");
        migrationBuilder.Sql("""ALTER TABLE "KnowledgeChunks" DROP COLUMN IF EXISTS "SearchVector";""");
    }
}
