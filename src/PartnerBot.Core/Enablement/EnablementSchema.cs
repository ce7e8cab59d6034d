using Microsoft.EntityFrameworkCore.Migrations;

namespace PartnerBot.Enablement;

/// <summary>
/// The content search index, in raw SQL so it survives regenerated migrations: call <see cref="Up"/> from the
/// migration that creates ContentItems. Two FTS5 tables kept in step by triggers: words (unicode61 without accents,
/// for English, Malay and Polish) and trigrams (for Chinese, which has no spaces between words).
/// </summary>
public static class EnablementSchema
{
    public const string WordsTable = "ContentSearchWords";
    public const string TrigramTable = "ContentSearchTrigrams";

    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE {WordsTable} USING fts5(
                item_id UNINDEXED, title, summary, tags, facets,
                tokenize = "unicode61 remove_diacritics 2");
            """);
        migrationBuilder.Sql($"""
            CREATE VIRTUAL TABLE {TrigramTable} USING fts5(
                item_id UNINDEXED, title, summary, tags,
                tokenize = "trigram");
            """);
        // Facets: type (dashes as spaces, so "case study" finds case-study), product and stage.
        const string insert = $"""
                INSERT INTO {WordsTable}(item_id, title, summary, tags, facets)
                VALUES (new.Id, new.Title, new.Summary, new.Tags, replace(new.Type, '-', ' ') || ' ' || new.Product || ' ' || new.Stage);
                INSERT INTO {TrigramTable}(item_id, title, summary, tags) VALUES (new.Id, new.Title, new.Summary, new.Tags);
            """;
        const string delete = $"""
                DELETE FROM {WordsTable} WHERE item_id = old.Id;
                DELETE FROM {TrigramTable} WHERE item_id = old.Id;
            """;
        migrationBuilder.Sql($"CREATE TRIGGER ContentItems_SearchInsert AFTER INSERT ON ContentItems BEGIN {insert} END;");
        migrationBuilder.Sql($"CREATE TRIGGER ContentItems_SearchUpdate AFTER UPDATE ON ContentItems BEGIN {delete} {insert} END;");
        migrationBuilder.Sql($"CREATE TRIGGER ContentItems_SearchDelete AFTER DELETE ON ContentItems BEGIN {delete} END;");
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS ContentItems_SearchInsert;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS ContentItems_SearchUpdate;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS ContentItems_SearchDelete;");
        migrationBuilder.Sql($"DROP TABLE IF EXISTS {WordsTable};");
        migrationBuilder.Sql($"DROP TABLE IF EXISTS {TrigramTable};");
    }
}

/// <summary>
/// The content catalog's search on PostgreSQL: a tsvector kept by a trigger (title A, tags B, type/product/stage C,
/// summary D; accents removed with unaccent, as unicode61 does), and pg_trgm indexes on title, summary and tags that
/// answer the substring matches Chinese needs (see <see cref="PostgreSqlContentIndex"/>).
/// </summary>
public static class EnablementPostgreSqlSchema
{
    public static void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
        migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");
        migrationBuilder.Sql("""ALTER TABLE "ContentItems" ADD COLUMN "SearchVector" tsvector;""");
        migrationBuilder.Sql("""
            CREATE FUNCTION content_items_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW."SearchVector" :=
                    setweight(to_tsvector('simple', unaccent(NEW."Title")), 'A') ||
                    setweight(to_tsvector('simple', unaccent(NEW."Tags")), 'B') ||
                    setweight(to_tsvector('simple', unaccent(replace(NEW."Type", '-', ' ') || ' ' || NEW."Product" || ' ' || NEW."Stage")), 'C') ||
                    setweight(to_tsvector('simple', unaccent(NEW."Summary")), 'D');
                RETURN NEW;
            END $$;
            """);
        migrationBuilder.Sql("""
            CREATE TRIGGER "ContentItems_SearchVector" BEFORE INSERT OR UPDATE ON "ContentItems"
            FOR EACH ROW EXECUTE FUNCTION content_items_search_vector();
            """);
        migrationBuilder.Sql("""CREATE INDEX "IX_ContentItems_SearchVector" ON "ContentItems" USING gin ("SearchVector");""");
        foreach (var column in new[] { "Title", "Summary", "Tags" })
            migrationBuilder.Sql($"""CREATE INDEX "IX_ContentItems_{column}_Trigrams" ON "ContentItems" USING gin ("{column}" gin_trgm_ops);""");
    }

    public static void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ContentItems_SearchVector" ON "ContentItems";""");
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS content_items_search_vector();");
        foreach (var column in new[] { "Title", "Summary", "Tags" })
            migrationBuilder.Sql($"""DROP INDEX IF EXISTS "IX_ContentItems_{column}_Trigrams";""");
        migrationBuilder.Sql("""ALTER TABLE "ContentItems" DROP COLUMN IF EXISTS "SearchVector";""");
    }
}
