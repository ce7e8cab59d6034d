using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerBot.Knowledge;
using PartnerBot.Testing;

namespace PartnerBot.Core.Tests.Knowledge;

public sealed class KnowledgeIngestorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("partnerbot-kb-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Two or three tiny documents give BM25 almost no contrast (every term is in half the corpus): these tests are
    // about ingestion, so they keep the coverage floor and drop the score floor.
    private static async Task<KnowledgeDatabase> NewBaseAsync()
    {
        var kb = await KnowledgeDatabase.CreateAsync();
        kb.Options.MinScore = 0;
        return kb;
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Theory]
    [InlineData("tiers.md", "tiers", "en")]
    [InlineData("pl/tiers.md", "tiers", "pl")]
    [InlineData("zh-Hans/mdf.md", "mdf", "zh-Hans")]
    [InlineData("guides/tiers.ms.md", "tiers", "ms")]
    [InlineData("guides/tiers.md", "tiers", "en")]
    public void SlugAndLanguage_FromFolderOrSuffix(string id, string slug, string language)
    {
        Assert.Equal((slug, language), KnowledgeIngestor.SlugAndLanguage(id));
    }

    [Fact]
    public async Task Ingest_Twice_SecondRunChangesNothing()
    {
        Write("en/a.md", "# Alpha\n## One\nzebra crossing rules");
        Write("pl/a.md", "# Alfa\n## Jeden\nzasady przejścia");
        await using var kb = await NewBaseAsync();

        var first = await kb.IngestAsync(_folder);
        var second = await kb.IngestAsync(_folder);

        Assert.Equal(new IngestReport(2, 0, 0, 0, 2), first);
        Assert.Equal(new IngestReport(0, 0, 2, 0, 2), second);
    }

    [Fact]
    public async Task Ingest_ThatChangesDocuments_LeavesTheSqliteIndexInOneSegment()
    {
        if (TestStorage.OnPostgreSql) return; // segments are FTS5's; the GIN index keeps itself
        Write("en/a.md", "# Alpha\n## One\nzebra crossing rules");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        Write("en/a.md", "# Alpha\n## One\nzebra crossing lights");
        Write("en/b.md", "# Beta\n## Two\nyak grooming");

        await kb.IngestAsync(_folder);

        // Each ingest's transaction writes a segment of its own; a search reads every segment, so they are merged.
        await using var db = kb.NewDb();
        var segments = await db.Database
            .SqlQueryRaw<int>($"SELECT count(DISTINCT segid) AS Value FROM {KnowledgeSchema.FtsTable}_idx").SingleAsync();
        Assert.Equal(1, segments);
    }

    [Fact]
    public async Task Ingest_ChangedDocument_IsReindexed_OthersLeftAlone()
    {
        Write("en/a.md", "# Alpha\n## One\nzebra crossing rules");
        Write("en/b.md", "# Beta\n## Two\nyak grooming");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        long untouchedChunk;
        await using (var db = kb.NewDb()) untouchedChunk = await db.KnowledgeChunks.Where(c => c.DocumentId == "en/b.md").Select(c => c.Id).SingleAsync();

        Write("en/a.md", "# Alpha\n## One\nokapi feeding rules");
        var steps = new List<IngestStep>();
        var report = await kb.IngestAsync(_folder, new SyncProgress(steps.Add));

        Assert.Equal(new IngestReport(0, 1, 1, 0, 2), report);
        Assert.Equal([("en/a.md", IngestAction.Updated), ("en/b.md", IngestAction.Unchanged)], steps.Select(s => (s.DocumentId, s.Action)));
        await using var db2 = kb.NewDb();
        var retriever = kb.Retriever(db2);
        Assert.False((await retriever.SearchAsync("zebra crossing", "en")).Found);
        Assert.Equal("en/a.md", (await retriever.SearchAsync("okapi feeding", "en")).Passages[0].DocumentId);
        Assert.Equal(untouchedChunk, await db2.KnowledgeChunks.Where(c => c.DocumentId == "en/b.md").Select(c => c.Id).SingleAsync());
    }

    [Fact]
    public async Task Ingest_DeletedDocument_RemovesItsChunksFromTheIndex()
    {
        Write("en/a.md", "# Alpha\n## One\nzebra crossing rules");
        Write("en/b.md", "# Beta\n## Two\nyak grooming");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);

        File.Delete(Path.Combine(_folder, "en/b.md"));
        var report = await kb.IngestAsync(_folder);

        Assert.Equal(new IngestReport(0, 0, 1, 1, 1), report);
        await using var db = kb.NewDb();
        Assert.False(await db.KnowledgeDocuments.AnyAsync(d => d.Id == "en/b.md"));
        Assert.False((await kb.Retriever(db).SearchAsync("yak grooming", "en")).Found);
        // The index holds exactly the remaining chunk: nothing orphaned by the delete (FTS5 is a table of its own,
        // PostgreSQL's tsvector a column of the chunk).
        var indexed = await db.Database.SqlQueryRaw<long>(db.Database.IsNpgsql()
            ? "SELECT COUNT(*) AS \"Value\" FROM \"KnowledgeChunks\" WHERE \"SearchVector\" IS NOT NULL"
            : $"SELECT COUNT(*) AS Value FROM {KnowledgeSchema.FtsTable}").SingleAsync();
        Assert.Equal(1, indexed);
    }

    [Fact]
    public async Task Ingest_MissingFolder_RefusesInsteadOfEmptyingTheBase()
    {
        Write("en/a.md", "# Alpha\n## One\nzebra crossing rules");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => kb.IngestAsync(Path.Combine(_folder, "nope")));
        await using var db = kb.NewDb();
        Assert.Equal(1, await db.KnowledgeChunks.CountAsync());
    }

    [Fact]
    public async Task Search_LanguageWithoutDocuments_FallsBackToEnglish_AndSaysSo()
    {
        Write("en/a.md", "# Alpha\n## Okapi\nokapi feeding rules");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        await using var db = kb.NewDb();

        var result = await kb.Retriever(db).SearchAsync("okapi feeding", "pl");

        Assert.True(result.FellBackToEnglish);
        Assert.Equal("en", result.Language);
        Assert.Equal("en/a.md", result.Passages[0].DocumentId);
    }

    [Fact]
    public async Task Search_AnAskersPassageWithoutTheProgramWordEnglishHolds_GivesWayToEnglish()
    {
        // The Polish section shares the question's common words (decides, deal) but not its program word; the
        // English ones hold the program word, in two documents alike, so English names no one topic.
        Write("glossary.en.json", "{ \"sourced\": [\"partner sourced\"] }");
        Write("glossary.pl.json", "{ \"sourced\": [\"źródło partnera\"] }");
        Write("en/splits.md", "# Splits\n## One\nA partner sourced deal keeps the credit.");
        Write("en/rules.md", "# Rules\n## Two\nA partner sourced deal keeps the credit.");
        Write("pl/konta.md", "# Konta\n## Wygrane konta\nOpiekun decyduje o każdej transakcji na wygranym koncie.");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        await using var db = kb.NewDb();

        var result = await kb.Retriever(db).SearchAsync("kto decyduje, czy transakcja ma źródło partnera", "pl");

        Assert.True(result.FellBackToEnglish);
        Assert.All(result.Passages, p => Assert.Equal("en", p.Language));
    }

    [Fact]
    public async Task Search_TheTopicEnglishNames_AnswersFromTheAskersTranslationOfIt()
    {
        // The asker's other words (a new marketer planning campaigns) are a Polish document's, which holds no program
        // word of the question; English names the topic (MDF for Silver), and the Polish translation of that document
        // holds the same program words: it answers, in Polish, rather than the English original with a note.
        Write("glossary.en.json", "{ \"mdf\": [\"mdf\"], \"silver\": [\"silver\"] }");
        Write("glossary.pl.json", "{ \"mdf\": [\"mdf\"], \"silver\": [\"srebrny\"] }");
        Write("en/mdf.md", "# MDF\n## How much\nSilver partners get 3% of revenue as MDF.");
        Write("pl/mdf.md", "# MDF\n## Ile\nPartnerzy silver dostają 3% przychodu jako MDF.");
        Write("en/campaigns.md", "# Campaigns\n## Planning\nA new marketer plans campaigns with the team.");
        Write("pl/campaigns.md", "# Kampanie\n## Planowanie\nNowa marketerka planuje kampanie z zespołem.");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        await using var db = kb.NewDb();

        var result = await kb.Retriever(db).SearchAsync("nowa marketerka planuje kampanie, ile mdf dla silver?", "pl");

        Assert.False(result.FellBackToEnglish);
        Assert.Equal("pl", result.Language);
        Assert.Equal("pl/mdf.md", result.Passages[0].DocumentId);
    }

    [Fact]
    public async Task Search_TheTopicEnglishNames_StaysEnglish_WhenTheTranslationLacksAProgramWordOfIt()
    {
        // The Polish translation of the MDF document is a summary that never names Silver: it shares MDF and campaigns
        // with the question, yet does not say what the English passage says, so the English one answers, with the note.
        Write("glossary.en.json", "{ \"mdf\": [\"mdf\"], \"silver\": [\"silver\"] }");
        Write("glossary.pl.json", "{ \"mdf\": [\"mdf\"], \"silver\": [\"srebrny\"] }");
        Write("en/mdf.md", "# MDF\n## How much\nSilver partners get 3% of revenue as MDF.");
        Write("pl/mdf.md", "# MDF\n## Ile\nPartnerzy dostają MDF co kwartał na kampanie.");
        Write("en/campaigns.md", "# Campaigns\n## Planning\nA new marketer plans campaigns with the team.");
        Write("pl/campaigns.md", "# Kampanie\n## Planowanie\nNowa marketerka planuje kampanie z zespołem.");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        await using var db = kb.NewDb();

        var result = await kb.Retriever(db).SearchAsync("nowa marketerka planuje kampanie, ile mdf dla silver?", "pl");

        Assert.True(result.FellBackToEnglish);
        Assert.Equal("en/mdf.md", result.Passages[0].DocumentId);
    }

    // Batch 48: a partner retells first (finance's e-mail, a customer's story) and asks last. The whole message holds
    // words no document uses and stays under the coverage floor; the sentence it asks in, with its program word, is
    // answered. A last sentence with no program word ("is Northwind Cloud down?") is not: the vendor's name alone is
    // in every document, and the message stays declined.
    [Fact]
    public async Task Search_AMessageThatRetellsFirst_IsAnsweredByTheSentenceItAsksIn_WhenThatHoldsAProgramWord()
    {
        Write("glossary.en.json", "{ \"payment\": [\"paid\", \"payment\"], \"commission\": [\"commission\"] }");
        Write("en/commission.md", "# Commission\n## When commission is paid\nNorthwind Cloud commission is paid 30 days after the deal is won, on the 15th of each month.");
        Write("en/support.md", "# Support\n## Contact\nNorthwind Cloud partners write to their partner manager.");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        await using var db = kb.NewDb();
        var retriever = kb.Retriever(db);

        const string context = "finance asks: we closed Acme Logistics on 3 March for their warehouse rollout, the board pack needs the Q2 forecast by friday.";
        Assert.False((await retriever.SearchAsync(context + " any idea when this lands?", "en")).Found);
        var asked = await retriever.SearchAsync(context + " when do we get paid?", "en");
        Assert.Equal("Commission › When commission is paid", asked.Passages[0].HeadingPath);

        // Alone, "is Northwind Cloud down right now?" covers two words of three of either document.
        Assert.True((await retriever.SearchAsync("is Northwind Cloud down right now?", "en")).Found);
        Assert.False((await retriever.SearchAsync("our customers get 502 errors since 9am in the warehouse portal. is Northwind Cloud down right now?", "en")).Found);
    }

    // Batch 60: a message that asks two questions is answered question by question, the best section for each in the
    // message's order. Searched whole, the section on how much MDF a tier gets holds most of its words; the one on
    // expiry, which the first question asks about, holds two words of five and stays under the floor.
    [Fact]
    public async Task Search_AMessageThatAsksTwoQuestions_GivesTheBestSectionForEach_InTheMessagesOrder()
    {
        Write("glossary.en.json", "{ \"mdf\": [\"mdf\"], \"silver\": [\"silver\"], \"expire\": [\"expire\", \"expires\"] }");
        Write("en/mdf.md", "# Market development funds\n## How much MDF you get\nSilver partners get 3% of their revenue as MDF, Gold partners 4%.\n"
            + "## Badges\nSilver partners get a partner manager and the Silver badge.\n"
            + "## Unused funds\nMDF you do not spend expires at the end of the quarter.");
        await using var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        await using var db = kb.NewDb();
        var retriever = kb.Retriever(db);

        var both = await retriever.SearchAsync("hi team! when does our mdf expire? and how much mdf do silver and gold partners get?", "en");

        Assert.Equal(["Market development funds › Unused funds", "Market development funds › How much MDF you get"], both.Passages.Select(p => p.HeadingPath));
        // One question: the message is searched whole, as before.
        var one = await retriever.SearchAsync("hi team! when does our mdf expire, and how much mdf do silver and gold partners get?", "en");
        Assert.Equal(["Market development funds › How much MDF you get"], one.Passages.Select(p => p.HeadingPath));
    }

    // Which of a question's words the index holds is kept between searches on SQLite (IndexStatistics) until the
    // index changes: these three change it in the ways a search must notice at once.

    [Fact]
    public async Task Search_InTheScopeOfAnIngest_FindsWhatTheIngestChanged()
    {
        await using var kb = await ZebraBaseAsync();
        await using var db = kb.NewDb();
        var retriever = kb.Retriever(db);
        Assert.True((await retriever.SearchAsync("zebra crossing", "en")).Found);
        Assert.False((await retriever.SearchAsync("okapi feeding", "en")).Found);

        Write("en/a.md", "# Alpha\n## One\nokapi feeding rules");
        await new KnowledgeIngestor(db, kb.Clock, NullLogger<KnowledgeIngestor>.Instance).IngestFolderAsync(_folder);

        Assert.Equal("Alpha › One", (await retriever.SearchAsync("okapi feeding", "en")).Passages.Single().HeadingPath);
        Assert.False((await retriever.SearchAsync("zebra crossing", "en")).Found);
    }

    [Fact]
    public async Task Search_FindsChunksSavedWithoutTheIngestor()
    {
        await using var kb = await ZebraBaseAsync();
        await using var db = kb.NewDb();
        var retriever = kb.Retriever(db);
        Assert.False((await retriever.SearchAsync("okapi feeding", "en")).Found);

        db.KnowledgeChunks.Add(Chunk("en/a.md", 2, "Alpha › Two", "okapi feeding times"));
        await db.SaveChangesAsync();

        Assert.Equal("Alpha › Two", (await retriever.SearchAsync("okapi feeding", "en")).Passages.Single().HeadingPath);
    }

    [Fact]
    public async Task Search_InsideATransaction_SeesItsChunks_AndKeepsNothingARollbackUndoes()
    {
        await using var kb = await ZebraBaseAsync();
        await using var db = kb.NewDb();
        var retriever = kb.Retriever(db);

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.KnowledgeChunks.Add(Chunk("en/a.md", 2, "Alpha › Two", "okapi feeding times"));
            await db.SaveChangesAsync();
            Assert.True((await retriever.SearchAsync("okapi feeding", "en")).Found);
            // Asked while the okapi chunk was there and yak's was not: neither answer may outlive the rollback.
            Assert.False((await retriever.SearchAsync("yak grooming", "en")).Found);
            await tx.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        Assert.False((await retriever.SearchAsync("okapi feeding", "en")).Found);

        // The same write committed, with other words: the index ends as it was inside the transaction.
        db.KnowledgeChunks.Add(Chunk("en/a.md", 2, "Alpha › Two", "yak grooming times"));
        await db.SaveChangesAsync();
        Assert.Equal("Alpha › Two", (await retriever.SearchAsync("yak grooming", "en")).Passages.Single().HeadingPath);
        Assert.False((await retriever.SearchAsync("okapi feeding", "en")).Found);
    }

    private async Task<KnowledgeDatabase> ZebraBaseAsync()
    {
        Write("en/a.md", "# Alpha\n## One\nzebra crossing rules");
        var kb = await NewBaseAsync();
        await kb.IngestAsync(_folder);
        return kb;
    }

    private static KnowledgeChunk Chunk(string documentId, int ordinal, string headingPath, string text) => new()
    {
        DocumentId = documentId, Slug = KnowledgeIngestor.SlugAndLanguage(documentId).Slug, Language = "en", Ordinal = ordinal,
        HeadingPath = headingPath, Text = text,
        SearchHeading = KnowledgeText.ForIndex(headingPath), SearchBody = KnowledgeText.ForIndex(text),
    };

    private sealed class SyncProgress(Action<IngestStep> report) : IProgress<IngestStep>
    {
        public void Report(IngestStep value) => report(value);
    }
}
