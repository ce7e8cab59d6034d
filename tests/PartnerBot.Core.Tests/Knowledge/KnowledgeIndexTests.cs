using Microsoft.EntityFrameworkCore;
using PartnerBot.Knowledge;
using PartnerBot.People;

namespace PartnerBot.Core.Tests.Knowledge;

/// <summary>
/// The index's own rules, on the suite's provider (FTS5 on SQLite, the tsvector on PostgreSQL): a passage is ranked
/// only when it holds at least the coverage floor's share of the question's words, however often it repeats one of
/// them, and among those the one holding more ranks first.
/// </summary>
public sealed class KnowledgeIndexTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("partnerbot-kb-index-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<KnowledgeDatabase> IngestAsync()
    {
        var sections = new List<string>
        {
            "## Crossing the street\nA zebra crossing has lights, and their timing depends on the traffic.",
            "## Street furniture\nEvery zebra crossing is painted white.",
            "## Animals\nZebra, zebra, zebra: the zebra herd, zebra foals and zebra stripes.",
            "## Lamps\nThe lights in the hall are switched off at night.",
        };
        // Unrelated sections, so that the question's words are rare in the index and BM25 tells them apart.
        for (var i = 0; i < 12; i++) sections.Add($"## Filler {i}\nInvoices are paid monthly by bank transfer, reference {i}.");
        var path = Path.Combine(_folder, "en", "streets.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "# Streets\n" + string.Join("\n\n", sections));
        var kb = await KnowledgeDatabase.CreateAsync(_folder);
        kb.Options.MinScore = 0;
        return kb;
    }

    [Fact]
    public async Task Rank_KeepsOnlyPassagesHoldingHalfTheQuestion_MostCoveredFirst()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        var query = KnowledgeText.ToQuery("zebra crossing lights timing?")!;
        Assert.Equal(4, query.Units.Count);

        var ranked = await kb.Retriever(db).RankAsync(query, Languages.English, 10);

        // Two of four words is the floor (Assistant:MinCoverage 0.5): "Animals" says zebra five times and "Lamps"
        // says lights, one word each, and neither is ranked.
        Assert.Equal(["Streets › Crossing the street", "Streets › Street furniture"], ranked.Select(p => p.HeadingPath));
        Assert.Equal(1.0, ranked[0].Coverage);
        Assert.Equal(0.5, ranked[1].Coverage);
        Assert.True(ranked[0].Score > ranked[1].Score);
    }

    [Fact]
    public async Task Rank_AtAThreeQuarterFloor_LeavesOutPassagesHoldingHalf()
    {
        await using var kb = await IngestAsync();
        kb.Options.MinCoverage = 0.75;
        await using var db = kb.NewDb();

        var ranked = await kb.Retriever(db).RankAsync(KnowledgeText.ToQuery("zebra crossing lights timing")!, Languages.English, 10);

        Assert.Equal(["Streets › Crossing the street"], ranked.Select(p => p.HeadingPath));
    }

    // The sections that answer a question past the retriever's floor (its glossary the folder's), by heading.
    // The test's English glossary, and the documents indexed again with it.
    private async Task GlossaryAsync(KnowledgeDatabase kb, string json)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "glossary.en.json"), json);
        await kb.IngestAsync(_folder);
    }

    private static async Task<IEnumerable<string>> AnsweringAsync(KnowledgeDatabase kb, PartnerBot.Storage.PartnerBotDb db, string question) =>
        (await kb.Retriever(db).QueryAsync(KnowledgeText.ToQuery(question, kb.Glossary)!, Languages.English, 10))
        .Select(p => p.HeadingPath).Order(StringComparer.Ordinal);

    // A passage that shares only common words with a question of three words or more, half of them at most, shares
    // them by chance and does not answer; one word of two still does, and so does half of a question when a program
    // word (a glossary concept) is among what the passage holds.
    [Fact]
    public async Task Query_HalfAQuestionInCommonWords_IsChance_UnlessAProgramWordIsInIt()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        Task<IEnumerable<string>> Answering(string question) => AnsweringAsync(kb, db, question);

        // "Street furniture" holds crossing and white, two of four common words.
        Assert.Empty(await Answering("crossing white herd night"));
        Assert.Equal(["Streets › Crossing the street"], await Answering("zebra crossing lights timing"));
        // One word of two.
        Assert.Equal(["Streets › Animals", "Streets › Street furniture"], await Answering("painted stripes"));

        await GlossaryAsync(kb, """{ "crossing": ["crossing"] }""");
        Assert.Equal(["Streets › Street furniture"], await Answering("crossing white herd night"));
    }

    // Every program word of a question (two or more) in one passage answers at half the floor: the asker's other words
    // are often ones no document uses. One program word of two does not, nor do the same words typed as common words.
    [Fact]
    public async Task Query_EveryProgramWordOfTheQuestionInOnePassage_AnswersAtHalfTheFloor()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        Task<IEnumerable<string>> Answering(string question) => AnsweringAsync(kb, db, question);
        const string question = "crossing lights blorf snark quux";

        Assert.Empty(await Answering(question));

        await GlossaryAsync(kb, """{ "crossing": ["crossing"], "lights": ["lights"] }""");
        // "Crossing the street" holds both, two of five; "Street furniture" and "Lamps" hold one each.
        Assert.Equal(["Streets › Crossing the street"], await Answering(question));
        // It is found among the passages that hold both, not among the best by score alone: asked for one passage,
        // the one holding both is it, however "Lamps" and "Street furniture" score.
        var one = await kb.Retriever(db).QueryAsync(KnowledgeText.ToQuery("lights crossing painted white blorf snark quux", kb.Glossary)!, Languages.English, 1);
        Assert.Equal(["Streets › Crossing the street"], one.Select(p => p.HeadingPath));
        Assert.Empty(await Answering("crossing blorf snark quux"));
    }

    // Of three program words or more, all but one in one passage answers at half the floor as well ("tier review is
    // coming and we're one customer reference short, do we drop": the review and the drop are one section, references
    // another); one of three in any passage does not.
    [Fact]
    public async Task Query_AllButOneProgramWordOfThreeInOnePassage_AnswersAtHalfTheFloor()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        Task<IEnumerable<string>> Answering(string question) => AnsweringAsync(kb, db, question);
        Assert.Empty(await Answering("crossing lights hall blorf snark quux gronk"));

        await GlossaryAsync(kb, """{ "crossing": ["crossing"], "lights": ["lights"], "hall": ["hall"], "foals": ["foals"] }""");
        // No passage holds all three: "Crossing the street" holds crossing and lights, "Lamps" lights and hall, two
        // units of seven each, under the floor and over half of it.
        Assert.Equal(["Streets › Crossing the street", "Streets › Lamps"], await Answering("crossing lights hall blorf snark quux gronk"));
        // Crossing, hall and foals are in three passages, one each: no answer.
        Assert.Empty(await Answering("crossing hall foals blorf snark quux gronk"));
        // Two program words, one in each passage: the rule is for three and more.
        Assert.Empty(await Answering("crossing hall blorf snark quux gronk"));
    }

    // A phrase the glossary lists as not the program ("harga emas": the price of gold, not of the Gold tier) is one word
    // of its own, which no passage holds, and the program word inside it is not read: "traffic lights repair shop"
    // shares "traffic" and "lights" with the section on crossings, half the question and a program word, until
    // "traffic lights" is listed as not the program. The program word with the same words apart still finds it.
    [Fact]
    public async Task Query_APhraseThatIsNotTheProgram_IsNotItsProgramWord()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        Task<IEnumerable<string>> Answering(string question) => AnsweringAsync(kb, db, question);
        await GlossaryAsync(kb, """{ "lights": ["lights"] }""");
        Assert.Equal(["Streets › Crossing the street"], await Answering("traffic lights repair shop"));

        await GlossaryAsync(kb, """{ "lights": ["lights"], "$not-the-program": ["traffic lights"] }""");
        Assert.Empty(await Answering("traffic lights repair shop"));
        Assert.Equal(["Streets › Crossing the street"], await Answering("lights timing traffic"));
    }

    // A question that names what the glossary lists as not the program is about that, and is declined, however many
    // of its program words one passage holds: without the listing, both program words in one passage answer it at half
    // the floor, whatever else it says.
    [Fact]
    public async Task Search_AQuestionNamingWhatIsNotTheProgram_IsDeclined_ThoughAPassageHoldsItsProgramWords()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        async Task<IEnumerable<string>> Answering(string question) =>
            (await kb.Retriever(db).SearchAsync(question, Languages.English, topK: 1)).Passages.Select(p => p.HeadingPath);
        await GlossaryAsync(kb, """{ "lights": ["lights"], "timing": ["timing"] }""");
        Assert.Equal(["Streets › Crossing the street"], await Answering("lights timing of the board game tonight at home"));

        await GlossaryAsync(kb, """{ "lights": ["lights"], "timing": ["timing"], "$not-the-program": ["board game"] }""");
        Assert.Empty(await Answering("lights timing of the board game tonight at home"));
        Assert.Equal(["Streets › Crossing the street"], await Answering("lights timing tonight at home"));
    }

    // The one ranking rule of both providers (MatchScorer), written out: FTS5's BM25 (k1 1.2, b 0.75) per phrase of
    // the match, as often as it is written, its instances in the heading counting three times, a chunk's length in
    // tokens (heading, text, the language's one), idf over every chunk. A prefix phrase counts words it starts, a
    // phrase of two words counts them side by side.
    [Fact]
    public async Task Rank_ScoresAreBm25OfEachPhraseWritten_TheHeadingCountingThreeTimes()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        var chunks = await db.KnowledgeChunks.AsNoTracking().ToListAsync();
        static string[] Tokens(string folded) => folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        static int Count(string[] tokens, string[] phrase, bool prefix) => Enumerable.Range(0, Math.Max(0, tokens.Length - phrase.Length + 1))
            .Count(i => phrase.Select((p, j) => prefix && j == phrase.Length - 1 ? tokens[i + j].StartsWith(p, StringComparison.Ordinal) : tokens[i + j] == p).All(x => x));
        (string[] Words, bool Prefix, int Times)[] phrases = [(["zebra", "crossing"], false, 1), (["cross"], true, 2), (["lamp"], true, 1)];
        var average = chunks.Average(c => Tokens(c.SearchHeading).Length + Tokens(c.SearchBody).Length + 1.0);
        double Expected(KnowledgeChunk c) => phrases.Sum(p =>
        {
            var holding = chunks.Count(x => Count(Tokens(x.SearchHeading), p.Words, p.Prefix) + Count(Tokens(x.SearchBody), p.Words, p.Prefix) > 0);
            var idf = Math.Max(Math.Log((chunks.Count - holding + 0.5) / (holding + 0.5)), 1e-6);
            var f = 3.0 * Count(Tokens(c.SearchHeading), p.Words, p.Prefix) + Count(Tokens(c.SearchBody), p.Words, p.Prefix);
            var length = Tokens(c.SearchHeading).Length + Tokens(c.SearchBody).Length + 1;
            return p.Times * idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length / average));
        });

        await db.Database.OpenConnectionAsync(); // the index runs on the retriever's open connection
        var ranked = await KnowledgeIndex.For(db).RankAsync(Languages.English, "\"zebra crossing\" OR (\"cross\"* AND \"cross\"*) OR \"lamp\"*", 3, null, default);

        // Three chunks match: the crossing (its heading says it), the furniture (its text does), the lamps (by its heading alone).
        var expected = chunks.Select(c => (c.HeadingPath, Score: Expected(c))).Where(c => c.Score > 0).OrderByDescending(c => c.Score).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected.Select(c => c.HeadingPath), ranked.Select(c => c.HeadingPath));
        Assert.All(expected.Zip(ranked), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 9));
    }

    // The language code is indexed beside the text (SQLite's Language column), but a question's word never matches it:
    // "en" finds no English chunk that does not say it, whether or not the match names its columns.
    [Fact]
    public async Task Rank_AWordThatIsALanguageCode_DoesNotMatchTheChunksLanguage()
    {
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        await db.Database.OpenConnectionAsync();
        var index = KnowledgeIndex.For(db);

        Assert.Empty(await index.RankAsync(Languages.English, "\"en\"", 10, null, default));
        Assert.Empty(await index.RankAsync(Languages.English, "\"en\"*", 10, null, default));
        Assert.Equal(["Streets › Crossing the street", "Streets › Street furniture"],
            (await index.RankAsync(Languages.English, "\"en\" OR \"crossing\"", 10, null, default)).Select(c => c.HeadingPath));
        Assert.Equal(3, (await index.RankAsync(Languages.English, "\"zebra\"", 10, null, default)).Count);
    }

    // The retriever asks for the asker's translation of the documents English answered from (KnowledgeRetriever's
    // InEnglishUnlessTranslatedAsync): the other documents are left out before ranking, not after.
    [Fact]
    public async Task Rank_OfSomeDocuments_FindsInThoseOnly()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "en"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "en", "zoo.md"), "# Zoo\n## Stripes\nA zebra has stripes.");
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        await db.Database.OpenConnectionAsync();
        var index = KnowledgeIndex.For(db);

        Assert.Equal(["zoo"], (await index.RankAsync(Languages.English, "\"zebra\"", 10, ["zoo"], default)).Select(c => c.Slug).Distinct());
        Assert.Equal(["streets"], (await index.RankAsync(Languages.English, "\"zebra\"", 10, ["streets"], default)).Select(c => c.Slug).Distinct());
        Assert.Empty(await index.RankAsync(Languages.English, "\"zebra\"", 10, [], default));
        Assert.Equal(["streets", "zoo"], (await index.RankAsync(Languages.English, "\"zebra\"", 10, null, default)).Select(c => c.Slug).Distinct().Order());
    }

    // A long question's units are too many to write as "m of n" in one match (KnowledgeQuery.CountedAtLeast): the
    // index counts the units each row holds and ranks only the rows holding enough, on both providers. A unit is held
    // once however many of its terms a row holds; a row holding one unit of three is not ranked.
    [Fact]
    public async Task Rank_WithUnitsCounted_RanksOnlyTheRowsHoldingEnoughOfThem()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "en"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "en", "night.md"),
            "# Dusk\n## Owls\nAn owl hunts at night.\n## Bats\nA bat and an owl fly at night.\n## Moths\nA moth, a moth and a moth.");
        await using var kb = await IngestAsync();
        await using var db = kb.NewDb();
        await db.Database.OpenConnectionAsync();
        var index = KnowledgeIndex.For(db);
        const string any = "\"owl\"* OR \"bat\" OR \"moth\" OR \"night\"";

        Assert.Equal(3, (await index.RankAsync(Languages.English, any, 10, null, default)).Count(c => c.Slug == "night"));
        var two = await index.RankAsync(Languages.English, any, 10, null, default, new UnitsAtLeast(["\"owl\"*", "(\"bat\" OR \"moth\")", "\"night\""], 2));
        Assert.Equal(["Dusk › Bats", "Dusk › Owls"], two.Where(c => c.Slug == "night").Select(c => c.HeadingPath).Order());
        var three = await index.RankAsync(Languages.English, any, 10, null, default, new UnitsAtLeast(["\"owl\"*", "(\"bat\" OR \"moth\")", "\"night\""], 3));
        Assert.Equal(["Dusk › Bats"], three.Where(c => c.Slug == "night").Select(c => c.HeadingPath));
        // A unit no row of the language holds counts for none: two of "owl" and "heron" is none.
        Assert.Empty(await index.RankAsync(Languages.English, "\"owl\"* OR \"heron\"", 10, null, default, new UnitsAtLeast(["\"owl\"*", "\"heron\""], 2)));
    }

    [Fact]
    public void Phrase_CanMatchALanguageCode_ByItsFirstToken()
    {
        Assert.True(new Phrase("en", Prefix: false).CanMatchIn("en"));
        Assert.True(new Phrase("e", Prefix: true).CanMatchIn("en"));
        Assert.True(new Phrase("han", Prefix: true).CanMatchIn("zh-Hans"));
        Assert.True(new Phrase("hans gold", Prefix: false).CanMatchIn("zh-Hans"));
        Assert.True(new Phrase("Pl", Prefix: false).CanMatchIn("pl"));
        Assert.False(new Phrase("e", Prefix: false).CanMatchIn("en"));
        Assert.False(new Phrase("han gold", Prefix: true).CanMatchIn("zh-Hans"));
        Assert.False(new Phrase("gold", Prefix: true).CanMatchIn("zh-Hans"));
        Assert.False(new Phrase("市场", Prefix: false).CanMatchIn("zh-Hans"));
    }

    [Fact]
    public async Task HeadingPathsUnder_AreTheSectionsBelowAHeading_AtAnyDepth_InTheDocumentsOrder()
    {
        await using var kb = await KnowledgeDatabase.CreateAsync();
        foreach (var (file, text) in new[]
        {
            ("streets.md", "# Streets\n## Crossing\nA.\n### Lights\nB.\n#### Timing\nC.\n### Signs\nD.\n## Crossings abroad\nE.\n## Parking\nF."),
            ("roads.md", "# Streets\n## Crossing\nOther document.\n### Bridges\nG."),
        })
        {
            Directory.CreateDirectory(Path.Combine(_folder, "en"));
            await File.WriteAllTextAsync(Path.Combine(_folder, "en", file), text);
        }
        await kb.IngestAsync(_folder);
        await using var db = kb.NewDb();
        await db.Database.OpenConnectionAsync();
        var index = KnowledgeIndex.For(db);

        var under = await index.HeadingPathsUnderAsync("en/streets.md", "Streets › Crossing › ", 10, default);

        // Not "Crossings abroad" (its path starts with the heading's words but not with the heading), not the other
        // document's "Bridges"; a limit keeps the first ones.
        Assert.Equal(["Streets › Crossing › Lights", "Streets › Crossing › Lights › Timing", "Streets › Crossing › Signs"], under);
        Assert.Equal(["Streets › Crossing › Lights"], await index.HeadingPathsUnderAsync("en/streets.md", "Streets › Crossing › ", 1, default));
        Assert.Empty(await index.HeadingPathsUnderAsync("en/streets.md", "Streets › Parking › ", 10, default));
    }

    [Fact]
    public void MatchExpression_Without_DropsAnOrsMember_AndAnAndThatNeedsIt()
    {
        var expression = MatchExpression.Parse("((\"gold\"* OR \"金牌\") AND \"tier\") OR ((\"gold\"* OR \"金牌\") AND \"reach\"*) OR (\"tier\" AND \"reach\"*)");

        Assert.Equal("((\"gold\"* AND \"tier\") OR (\"gold\"* AND \"reach\"*) OR (\"tier\" AND \"reach\"*))",
            expression.Without(p => p.Tokens != "金牌"));
        Assert.Equal("(\"金牌\" AND \"tier\")", expression.Without(p => p.Tokens is "金牌" or "tier"));
        Assert.Null(expression.Without(p => p.Tokens == "tier"));
        Assert.Equal("\"market development fund\"*", MatchExpression.Parse("\"market development fund\"* OR \"mdf\"").Without(p => p.Tokens != "mdf"));
    }

    [Fact]
    public void MatchExpression_ATermTheExpressionRepeats_IsOnePhrase()
    {
        var expression = MatchExpression.Parse("(\"gold\"* AND \"tier\") OR (\"gold\"* AND \"reach\"*) OR (\"tier\" AND \"reach\"*)");

        Assert.Equal(6, expression.Phrases.Count);
        Assert.Equal(3, expression.Phrases.Distinct().Count());
        Assert.NotEqual(new Phrase("gold", Prefix: true), new Phrase("gold", Prefix: false));
    }
}
