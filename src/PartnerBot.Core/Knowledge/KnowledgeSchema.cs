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

    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE {FtsTable} USING fts5(
                SearchHeading, SearchBody, Language,
                content='KnowledgeChunks', content_rowid='Id',
                tokenize='unicode61 remove_diacritics 2');
            """);
        // rank = BM25 with headings weighing three times the text; the language column only filters, it never scores.
        migrationBuilder.Sql($"INSERT INTO {FtsTable}({FtsTable}, rank) VALUES ('rank', 'bm25(3.0, 1.0, 0.0)');");
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

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS KnowledgeChunks_AfterUpdate;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS KnowledgeChunks_AfterDelete;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS KnowledgeChunks_AfterInsert;");
        migrationBuilder.Sql($"DROP TABLE IF EXISTS {FtsTable};");
    }
}
