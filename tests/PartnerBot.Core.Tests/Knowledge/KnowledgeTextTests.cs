using PartnerBot.Knowledge;

namespace PartnerBot.Core.Tests.Knowledge;

public sealed class KnowledgeTextTests
{
    [Fact]
    public void ForIndex_Chinese_IsWrittenAsBigrams()
    {
        Assert.Equal("佣金 金比 比例", KnowledgeText.ForIndex("佣金比例"));
    }

    [Fact]
    public void ForIndex_MixedScripts_SplitsAtTheScriptChange()
    {
        Assert.Equal("mdf 预算", KnowledgeText.ForIndex("MDF预算"));
    }

    [Fact]
    public void ForIndex_Polish_FoldsCaseAccentsAndL()
    {
        Assert.Equal("wisla zrodla prowizja", KnowledgeText.ForIndex("Wisła: Źródła, PROWIZJA!"));
    }

    [Fact]
    public void ToQuery_OnlyStopWords_IsNull()
    {
        Assert.Null(KnowledgeText.ToQuery("how do I?"));
        Assert.Null(KnowledgeText.ToQuery("的吗"));
        Assert.Null(KnowledgeText.ToQuery("   "));
    }

    [Fact]
    public void ToQuery_AWordOrUnitCoveredByTheSameTerms_CountsOnce()
    {
        // 目标 is one bigram: its two characters are one unit, as an English word is, not two.
        var chinese = KnowledgeText.ToQuery("目标佣金")!;
        Assert.Equal([["\"目标\""], ["\"目标\"", "\"标佣\""], ["\"标佣\"", "\"佣金\""], ["\"佣金\""]], chinese.Units);
        Assert.Single(KnowledgeText.ToQuery("目标")!.Units);
        // A word typed twice is one unit of coverage.
        Assert.Equal(2, KnowledgeText.ToQuery("commission rates commission")!.Units.Count);
    }

    [Theory]
    [InlineData("deal above 250k", "\"250 000\"")]
    [InlineData("umowa powyżej 250 tys.", "\"250 000\"")]
    [InlineData("deal atas 250 ribu", "\"250 000\"")]
    [InlineData("25万美元以上", "\"250 000\"")]
    [InlineData("deal of 250000", "\"250 000\"")]
    [InlineData("deal of 250,000 USD", "\"250 000\"")]
    [InlineData("request of 1m", "\"1 000 000\"")]
    public void ToQuery_AmountsAsTyped_BecomeTheDocumentsNumber(string question, string term)
    {
        var q = KnowledgeText.ToQuery(question)!;
        Assert.Contains([term], q.Units);
        Assert.True(q.Coverage(KnowledgeText.ForIndex("Registrations of 250,000 USD or more, requests of 1,000,000 USD")) > 0);
    }

    [Fact]
    public void Coverage_ANumberThePassageDoesNotHold_CountsNeitherForNorAgainstIt()
    {
        var q = KnowledgeText.ToQuery("close date 3 years")!;
        // The passage holds "close", "date" and "years"; the 3 it does not hold is the asker's guess, not the topic.
        Assert.Equal(1.0, q.Coverage(KnowledgeText.ForIndex("The close date must be within 2 years")), 3);
        Assert.Equal(2.0 / 3, q.Coverage(KnowledgeText.ForIndex("The close date")), 3);
        // A number it holds counts for it.
        Assert.Equal(0.75, q.Coverage(KnowledgeText.ForIndex("close dates in 3 weeks")), 3);
        Assert.Equal(2, q.UnitsNeeded(0.65));
        // A question of numbers alone asks about them.
        Assert.Equal(0, KnowledgeText.ToQuery("2 + 2")!.Coverage(KnowledgeText.ForIndex("the 14 days")));
    }

    [Fact]
    public void ToQuery_LongWords_BecomePrefixes_ShortWordsStayExact()
    {
        var q = KnowledgeText.ToQuery("registration mdf prowizji")!;
        Assert.Equal("\"registrat\"* OR \"mdf\" OR \"prowi\"*", q.Match);
    }

    [Theory]
    [InlineData("steps", "step", true)]
    [InlineData("tiers", "tier", true)]
    [InlineData("tiers", "tiered", true)]
    [InlineData("class", "clash", false)]
    [InlineData("bonus", "bonu", false)]
    [InlineData("basis", "basic", false)]
    public void ToQuery_AFiveLetterPlural_FindsTheSingular_ButAWordEndingInSsUsOrIsStaysWhole(string typed, string token, bool found)
    {
        var term = KnowledgeText.ToQuery(typed)!.Match;
        Assert.Equal(found, KnowledgeText.Occurs(term, [token]));
    }

    [Fact]
    public void ToQuery_FtsSyntaxInTheQuestion_IsQuotedAway()
    {
        // Quotes, operators, column filters and parentheses are folded to spaces: the expression stays valid.
        var q = KnowledgeText.ToQuery("\"gold\" NEAR(tier*) OR SearchBody:mdf AND -x ^")!;
        Assert.DoesNotContain("NEAR(", q.Match);
        Assert.DoesNotContain(":", q.Match);
        Assert.All(q.Match.Split(" OR "), t => Assert.Matches("^\"[^\"]+\"\\*?$", t));
    }

    [Fact]
    public void Coverage_CountsChineseCharactersCoveredByEitherBigram()
    {
        var q = KnowledgeText.ToQuery("升级至金牌")!;
        // 升级 and 金牌 are in the text, 级至 and 至金 are not: 4 of the 5 characters are covered.
        Assert.Equal(0.8, q.Coverage(KnowledgeText.ForIndex("如何升级 金牌合作伙伴")), 3);
    }

    [Fact]
    public void Coverage_AYearNoPassageHolds_CountsAgainstIt_AnAmountDoesNot()
    {
        // "who won the world cup 2022": the year is what the question is about, so a passage on won deals holds a third.
        var q = KnowledgeText.ToQuery("who won mundial 2022")!;
        Assert.Equal(1.0 / 3, q.Coverage(KnowledgeText.ForIndex("When a deal is won")), 3);
        Assert.Equal(1.0, q.Coverage(KnowledgeText.ForIndex("Mundial 2022 was won")), 3);
        // "deal 250k": the amount is the asker's own; a passage that lacks it still holds the whole question.
        Assert.Equal(1.0, KnowledgeText.ToQuery("review deal 250k")!.Coverage(KnowledgeText.ForIndex("deals reviewed by hand")), 3);
    }

    [Fact]
    public void Coverage_ALoneChineseCharacter_WeighsHalfAWord()
    {
        // 黄金现在什么价 (what does gold cost now): 黄金 is a word, 价 a lone character, which 价值主张 (value
        // proposition) holds by chance: a third of the question, not half.
        var q = KnowledgeText.ToQuery("黄金现在什么价")!;
        Assert.Equal(1.0 / 3, q.Coverage(KnowledgeText.ForIndex("销售认证讲解价值主张")), 3);
        Assert.Equal(2.0 / 3, q.Coverage(KnowledgeText.ForIndex("黄金")), 3);
    }

    // 说 (says) left alone between the words read around it is no part of the topic; inside a word (说明, an
    // explanation) it is.
    [Fact]
    public void ToQuery_AVerbOfSayingLeftAlone_IsNoUnit_ButStaysInsideAWord()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        var says = KnowledgeText.ToQuery("另一家经销商说客户是他们的", glossary)!;
        Assert.Equal(["reseller", "conflict"], says.ConceptOf);
        Assert.DoesNotContain(says.Units, u => u.Any(t => t.Contains('说')));

        var explanation = KnowledgeText.ToQuery("佣金说明", glossary)!;
        Assert.Contains(explanation.Units, u => u.Contains("\"说明\""));
    }

    [Fact]
    public void Coverage_ALongerChineseRun_WeighsTheWordsItHolds_NotOneWordACharacter()
    {
        // 金牌 is one word; 比特币 three characters, about a word and a half: 1 of 2.5, not 1 of 4.
        var q = KnowledgeText.ToQuery("金牌 比特币")!;
        Assert.Equal(4, q.Units.Count);
        Assert.Equal(0.4, q.Coverage(KnowledgeText.ForIndex("金牌合作伙伴")), 3);
        Assert.Equal(0.6, q.Coverage(KnowledgeText.ForIndex("比特币")), 3);
        // Half of 2.5 needs the heaviest unit and one more.
        Assert.Equal(2, q.UnitsNeeded(0.5));
        // A unit kept keeps its weight.
        Assert.Equal(2.0 / 3, q.Keep(i => i != 0)!.Coverage(KnowledgeText.ForIndex("比特")), 3);
    }

    [Fact]
    public void Coverage_HalfTheWords_IsHalf()
    {
        var q = KnowledgeText.ToQuery("free parking partner office")!;
        Assert.Equal(0.5, q.Coverage(KnowledgeText.ForIndex("The partner office")), 3);
    }

    [Fact]
    public void MatchAtLeast_TwoOfThree_IsEveryPair()
    {
        var q = KnowledgeText.ToQuery("deal registration protected")!;
        Assert.Equal("(\"deal\"* AND \"registrat\"*) OR (\"deal\"* AND \"protec\"*) OR (\"registrat\"* AND \"protec\"*)", q.MatchAtLeast(0.6));
    }

    [Fact]
    public void MatchAtLeast_OneTermEnoughOrTooManyCombinations_IsThePlainOr()
    {
        var one = KnowledgeText.ToQuery("SPIF")!;
        Assert.Equal(one.Match, one.MatchAtLeast(0.6));
        var chinese = KnowledgeText.ToQuery("市场发展基金可以用于网络研讨会")!;
        Assert.Equal(chinese.Match, chinese.MatchAtLeast(0.6));
    }

    [Fact]
    public void MatchAtLeast_UnitsWithTheSameTerms_AreWrittenOnce_AndClausesThatNeedMoreAreLeftOut()
    {
        // "用于" is two units (one per character) with the same term: 2 of 3 is "a and 用于" or "用于" alone, which
        // finds all the first finds.
        var q = new KnowledgeQuery("", [["\"webin\"*"], ["\"用于\""], ["\"用于\""]]);
        Assert.Equal("(\"用于\")", q.MatchAtLeast(0.6));
    }

    [Theory]
    [InlineData("\"sing\"*", "single", false)]
    [InlineData("\"sing\"*", "sings", true)]
    [InlineData("\"tier\"*", "tiers", true)]
    [InlineData("\"deal\"*", "dealer", true)]
    [InlineData("\"plan\"*", "planie", true)]
    [InlineData("\"regis\"*", "registration", true)]
    [InlineData("\"prowi\"*", "prowizji", true)]
    public void Occurs_AFourLetterWordFindsItsOwnForms_LongerStemsAnyContinuation(string term, string token, bool found)
    {
        Assert.Equal(found, KnowledgeText.Occurs(term, [token]));
    }

    [Fact]
    public void Coverage_SingMeASong_HoldsNothingOfAPassageAboutASingleActivity()
    {
        var q = KnowledgeText.ToQuery("sing me a song")!;
        Assert.Equal(0, q.Coverage(KnowledgeText.ForIndex("A single activity may not exceed 50% of the quarter's allocation.")));
    }

    [Fact]
    public void WithoutSubsumed_KeepsTheShortestPrefix_AndEveryPhrase()
    {
        string[] terms = ["\"registe\"*", "\"regis\"*", "\"registrat\"*", "\"deal registrat\"*", "\"reg\"", "\"tech\"*", "\"technical\"*", "\"techs\""];
        Assert.Equal(["\"regis\"*", "\"deal registrat\"*", "\"reg\"", "\"tech\"*", "\"technical\"*"], KnowledgeText.WithoutSubsumed(terms));
    }

    [Fact]
    public void Glossary_ReadsASlipAsTheWordMeant_ButNotAWordItKnows()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        // "comission" is one slip from "commission".
        Assert.Equal("commission", KnowledgeText.ToQuery("comission rates", glossary)!.ConceptOf[0]);
        // "akaun" (an account) is one slip from "amaun" (an amount), but the glossary knows it ("akaun pelanggan").
        Assert.DoesNotContain("amount", KnowledgeText.ToQuery("cara buat akaun instagram", glossary)!.ConceptOf);
        // One wrong letter in a five-letter word is too often another word: "lawak" (a joke) is not "layak" (eligible).
        Assert.DoesNotContain("requirements", KnowledgeText.ToQuery("cerita lawak sikit", glossary)!.ConceptOf);
        Assert.Equal("commission", KnowledgeText.ToQuery("komisan", glossary)!.ConceptOf[0]);
        // Nor is a stop word a slip: "opowiedz" (tell) is not "odpowiedz" (an answer).
        Assert.DoesNotContain("response-time", KnowledgeText.ToQuery("opowiedz mi dowcip", glossary)!.ConceptOf);
    }

    [Fact]
    public void Glossary_ReadsAnInflectedForm_ButNotAShorterWordThePhraseBeginsWith()
    {
        var folder = Directory.CreateTempSubdirectory("partnerbot-glossary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "glossary.pl.json"),
                """{ "bot": ["partnerbot"], "manager": ["partner manager"], "extend": ["przedłużenie"], "dispute": ["reklamacja"], "ads": ["reklama"], "claim": ["claims", "claim"], "bonus": ["premia", "premie"], "launch": ["premiera"] }""");
            var glossary = KnowledgeGlossary.Load(folder);
            // "przedłużeniem" is a form of "przedłużenie" (extend).
            Assert.Equal("extend", KnowledgeText.ToQuery("z przedłużeniem rejestracji", glossary)!.ConceptOf[0]);
            // "partner" and "partnerzy" begin as "partnerbot" does, but "partner" is a word of its own: they are not the bot.
            Assert.DoesNotContain("bot", KnowledgeText.ToQuery("partner lain nampak", glossary)!.ConceptOf);
            Assert.DoesNotContain("bot", KnowledgeText.ToQuery("czy inni partnerzy widzą", glossary)!.ConceptOf);
            Assert.Equal("bot", KnowledgeText.ToQuery("pisać do partnerbota", glossary)!.ConceptOf[0]);
            // The index is searched the same way: the bot by "partnerbo"*, not by "partner"*, which every passage about
            // partners holds; a complaint (reklamacja) not by "reklama"* (advertising).
            Assert.Equal(["\"partnerbo\"*"], glossary.Terms("bot"));
            Assert.Equal(["\"reklamacj\"*"], glossary.Terms("dispute"));
            Assert.Equal("dispute", KnowledgeText.ToQuery("reklamacji prowizji", glossary)!.ConceptOf[0]);
            // A stem the concept's own phrases use is its own word: "claims" searches "claim"*.
            Assert.Equal(["\"claim\"*"], glossary.Terms("claim"));
            // A word of another concept but for one letter is one too: "premiera" (a launch) is not a form of "premia" (a
            // bonus), so it is read and searched as "premier"*, and "premie"* finds no launch.
            Assert.Equal(["\"premier\"*"], glossary.Terms("launch"));
            Assert.Equal("launch", KnowledgeText.ToQuery("kiedy premierze", glossary)!.ConceptOf[0]);
            Assert.Equal("bonus", KnowledgeText.ToQuery("ile premii", glossary)!.ConceptOf[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A question reads a phrase as the first concept that lists it, so a second listing was never read: the demo
    // glossaries had "negotiate" under sign-contract and "payout" under payment too. A file that does it is refused,
    // with the phrase, both concepts and their files; the same concept in two files is one owner.
    [Fact]
    public void Glossary_APhraseUnderTwoConcepts_IsRefusedWithItsName()
    {
        var folder = Directory.CreateTempSubdirectory("partnerbot-glossary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "glossary.en.json"), """{ "negotiate": ["negotiate"], "sign-contract": ["sign the contract"] }""");
            File.WriteAllText(Path.Combine(folder, "glossary.pl.json"), """{ "negotiate": ["Negotiate", "negocjować"], "sign-contract": ["NEGOCJOWAĆ"] }""");

            var error = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));

            Assert.Contains("\"NEGOCJOWAĆ\" under \"negotiate\" (glossary.pl.json) and under \"sign-contract\" (glossary.pl.json)", error.Message);
            // In two languages' files too: every language's question reads every file's phrases.
            File.WriteAllText(Path.Combine(folder, "glossary.pl.json"), """{ "sign-contract": ["negotiate"] }""");
            error = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));
            Assert.Contains("\"negotiate\" under \"negotiate\" (glossary.en.json) and under \"sign-contract\" (glossary.pl.json)", error.Message);
            File.WriteAllText(Path.Combine(folder, "glossary.pl.json"), """{ "negotiate": ["Negotiate", "negocjować"], "sign-contract": ["podpisać umowę"] }""");
            Assert.Equal(2, KnowledgeGlossary.Load(folder).ConceptCount);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Batch 44's words: "what can I type" asks for the commands and yen written in Chinese is a currency. Huawei's partner
    // program is not the program, but Huawei may be a partner's customer.
    [Fact]
    public void Glossary_ReadsTheCommands_AndCurrenciesByName()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        Assert.Contains("commands", KnowledgeText.ToQuery("is there a list of what i can type", glossary)!.ConceptOf);
        Assert.Contains("commands", KnowledgeText.ToQuery("co potrafi ten bot", glossary)!.ConceptOf);
        Assert.Contains("currency", KnowledgeText.ToQuery("报了个4000万日元的单", glossary)!.ConceptOf);
        Assert.True(KnowledgeText.ToQuery("华为合作伙伴金牌认证要什么条件", glossary)!.NamesWhatIsNotTheProgram);
        Assert.False(KnowledgeText.ToQuery("华为的单子报备了吗", glossary)!.NamesWhatIsNotTheProgram);
    }

    // "harga emas" (the price of gold) is not the Gold tier: listed under "$not-the-program", it is read as one word,
    // and "syarat emas" (Gold's criteria) is still the tier. A concept's own phrase listed there is refused: it would
    // never be read as the concept.
    [Fact]
    public void Glossary_APhraseThatIsNotTheProgram_IsAWordOfItsOwn_AndNoConceptsPhrase()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        var price = KnowledgeText.ToQuery("harga emas sekarang berapa", glossary)!;
        Assert.Equal([["\"harga emas\"*"]], price.Units);
        Assert.False(price.IsConcept(0));
        Assert.True(price.NamesWhatIsNotTheProgram);
        var criteria = KnowledgeText.ToQuery("syarat emas", glossary)!;
        Assert.Equal(["requirements", "gold"], criteria.ConceptOf);
        Assert.False(criteria.NamesWhatIsNotTheProgram);
        // A program phrase that begins with one that is not the program is read whole, as the longer phrase always is:
        // 年终奖 is an employee's year-end bonus, 年终奖励 a year-end reward, which the program's incentives may be.
        Assert.True(KnowledgeText.ToQuery("年终奖一般发几个月", glossary)!.NamesWhatIsNotTheProgram);
        var reward = KnowledgeText.ToQuery("完成年度目标有年终奖励吗", glossary)!;
        Assert.False(reward.NamesWhatIsNotTheProgram);
        Assert.Contains("bonus", reward.ConceptOf);

        var folder = Directory.CreateTempSubdirectory("partnerbot-glossary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "glossary.ms.json"), """{ "gold": ["emas"], "$not-the-program": ["harga emas", "Emas"] }""");
            var error = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));
            Assert.Contains("glossary.ms.json lists \"Emas\" under \"$not-the-program\", but it is a phrase of \"gold\"", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Another vendor's name with a concept every partner program has is that vendor's program; with other program words
    // (a registration, a comparison for a pitch) the question is still about ours.
    [Fact]
    public void Glossary_AnotherVendorsName_WithWhatEveryProgramHas_IsNotTheProgram_AndWithOtherWordsItIs()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        Assert.True(KnowledgeText.ToQuery("Salesforce gold partner requirements?", glossary)!.NamesWhatIsNotTheProgram);
        Assert.True(KnowledgeText.ToQuery("ile MDF daje Oracle swoim partnerom?", glossary)!.NamesWhatIsNotTheProgram);
        Assert.True(KnowledgeText.ToQuery("微软的白金合作伙伴有什么要求", glossary)!.NamesWhatIsNotTheProgram);
        Assert.False(KnowledgeText.ToQuery("customer is moving off Salesforce to us, can we register the deal?", glossary)!.NamesWhatIsNotTheProgram);
        Assert.False(KnowledgeText.ToQuery("do you have a battlecard against HubSpot", glossary)!.NamesWhatIsNotTheProgram);
        Assert.False(KnowledgeText.ToQuery("customer kami guna Microsoft 365, boleh daftar deal?", glossary)!.NamesWhatIsNotTheProgram);
        // Our own gold tier, with no other vendor named, is ours.
        Assert.False(KnowledgeText.ToQuery("gold partner requirements?", glossary)!.NamesWhatIsNotTheProgram);

        var folder = Directory.CreateTempSubdirectory("partnerbot-glossary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "glossary.en.json"), """{ "gold": ["gold"], "$every-program-has": ["gold", "tiers"] }""");
            var unknown = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));
            Assert.Contains("glossary.en.json lists \"tiers\" under \"$every-program-has\", but no glossary has such a concept", unknown.Message);
            File.WriteAllText(Path.Combine(folder, "glossary.en.json"), """{ "gold": ["gold"], "$another-vendor": ["Gold"] }""");
            var twice = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));
            Assert.Contains("glossary.en.json lists \"Gold\" under \"$another-vendor\", but it is a phrase of \"gold\"", twice.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Batch 48: a partner compares another vendor's offer with ours and asks about ours ("with you", "u was", 你们这边).
    // Named with this program, the other vendor's MDF or tier is a comparison, not that vendor's program; a name that
    // is both this program's and another vendor's is refused at start.
    [Fact]
    public void Glossary_AnotherVendorsOffer_ComparedWithThisProgram_IsAboutOurs()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        Assert.False(KnowledgeText.ToQuery("AWS gives us about 10% MDF. We're Silver with you, what % MDF do we get?", glossary)!.NamesWhatIsNotTheProgram);
        Assert.False(KnowledgeText.ToQuery("W AWS mamy 10% MDF, a u was ile dostaje partner Gold?", glossary)!.NamesWhatIsNotTheProgram);
        Assert.False(KnowledgeText.ToQuery("AWS 那边给我们 MDF 大概有 10%，你们这边银牌能给几个点？", glossary)!.NamesWhatIsNotTheProgram);
        Assert.False(KnowledgeText.ToQuery("Salesforce bagi reseller margin sampai 35%. Kat program ni reseller Platinum max brp margin?", glossary)!.NamesWhatIsNotTheProgram);
        // The same vendor's program asked about alone is still theirs; "you" alone may be the bot, not the program.
        Assert.True(KnowledgeText.ToQuery("AWS gives us about 10% MDF, is that normal?", glossary)!.NamesWhatIsNotTheProgram);
        Assert.True(KnowledgeText.ToQuery("do you know the Salesforce gold partner requirements?", glossary)!.NamesWhatIsNotTheProgram);
        // A phrase naming this program is only a marker: it is no word of the question (a word "with you" is made of
        // stop words either way), and the rest reads as before.
        Assert.Equal(["mdf", "silver"], KnowledgeText.ToQuery("mdf for silver with you", glossary)!.ConceptOf);

        var folder = Directory.CreateTempSubdirectory("partnerbot-glossary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "glossary.en.json"), """{ "gold": ["gold"], "$another-vendor": ["Acme"], "$this-program": ["with you", "ACME"] }""");
            var both = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));
            Assert.Contains("glossary.en.json lists \"ACME\" under \"$this-program\" and under \"$another-vendor\"", both.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Batch 49: a request is asked in words that say how to answer ("remind me how", "explain like I'm new", 用大白话,
    // "jak dla nowego"); they are no part of its topic, which is what is left. A phrase listed there and as another
    // vendor or as not the program is refused at start.
    [Fact]
    public void Glossary_HowToAnswer_IsNoWordOfTheQuestion()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        var remind = KnowledgeText.ToQuery("remind me how clawback works", glossary)!;
        Assert.Equal(["clawback", null], remind.ConceptOf);
        Assert.DoesNotContain(remind.Units, u => u.Any(t => t.Contains("remind", StringComparison.Ordinal)));
        // "remind" alone is still the bot's reminders.
        Assert.Contains("reminder", KnowledgeText.ToQuery("will you remind me before my registration expires?", glossary)!.ConceptOf);
        Assert.Equal(["tier"], KnowledgeText.ToQuery("explain tiers like im new", glossary)!.ConceptOf);
        Assert.Equal(["tier"], KnowledgeText.ToQuery("wytlumacz mi tiery jak dla nowego bo nie ogarniam", glossary)!.ConceptOf);
        Assert.DoesNotContain(KnowledgeText.ToQuery("用大白话给我讲讲几种partner类型，刚入行啥也不懂", glossary)!.Units,
            u => u.Any(t => t.Contains("白话", StringComparison.Ordinal) || t.Contains("入行", StringComparison.Ordinal)));

        var folder = Directory.CreateTempSubdirectory("partnerbot-glossary-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "glossary.en.json"), """{ "gold": ["gold"], "$how-to-answer": ["explain", "Gold"] }""");
            var concept = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));
            Assert.Contains("glossary.en.json lists \"Gold\" under \"$how-to-answer\", but it is a phrase of \"gold\"", concept.Message);
            File.WriteAllText(Path.Combine(folder, "glossary.en.json"), """{ "gold": ["gold"], "$not-the-program": ["in plain english"], "$how-to-answer": ["In plain English"] }""");
            var both = Assert.Throws<InvalidDataException>(() => KnowledgeGlossary.Load(folder));
            Assert.Contains("glossary.en.json lists \"In plain English\" under \"$how-to-answer\" and under \"$not-the-program\"", both.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Batch 51: "@PartnerBot" typed into a message addresses the bot (a channel strips only its own mention markup);
    // like any "@name", it is no word of what is asked, so "@PartnerBot register or co-sell first?" is not a question
    // about the bot. "PartnerBot" without the "@" is still the bot, and an e-mail address is not a mention.
    [Fact]
    public void Mention_IsNoWordOfTheQuestion_ButTheBotsNameIsStillTheBot()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        Assert.Equal(["deal-registration", "co-selling", null], KnowledgeText.ToQuery("@PartnerBot register or co-sell first?", glossary)!.ConceptOf);
        Assert.Equal(["deal-registration", "co-selling", null], KnowledgeText.ToQuery("register or co-sell first? @anna.kowalska", glossary)!.ConceptOf);
        Assert.Null(KnowledgeText.ToQuery("@PartnerBot @anna", glossary));
        Assert.Contains("bot", KnowledgeText.ToQuery("can two colleagues use PartnerBot?", glossary)!.ConceptOf);
        Assert.Equal(KnowledgeText.ToQuery("do claims go to finance contoso example?", glossary)!.Match,
            KnowledgeText.ToQuery("do claims go to finance@contoso.example?", glossary)!.Match);
    }

    // Batch 60: the questions of a message that asks several, each a sentence or a line ending in a question mark
    // (a quoted one too), in order, each once; none for a message that asks one.
    [Fact]
    public void AskingSentences_AreEveryQuestionOfAMessageThatAsksSeveral()
    {
        Assert.Equal(["hi 👋 how much mdf do we get as silver?", "and when does it expire?"],
            KnowledgeText.AskingSentences("hi 👋 how much mdf do we get as silver? and when does it expire? thx"));
        Assert.Equal(["1) z jakim wyprzedzeniem trzeba zlozyc wniosek o MDF?", "2) ile sie czeka na decyzje?"],
            KnowledgeText.AskingSentences("Hej\nplanujemy webinar w czerwcu\n1) z jakim wyprzedzeniem trzeba zlozyc wniosek o MDF?\n2) ile sie czeka na decyzje?\ndzieki!"));
        Assert.Equal(["> what margin do we keep now that we're silver?", "also when do payouts land?"],
            KnowledgeText.AskingSentences("from finance:\n> what margin do we keep now that we're silver?\nalso when do payouts land?"));
        Assert.Equal(["这个能用 MDF 吗？", "最晚啥时候提申请？"], KnowledgeText.AskingSentences("这个能用 MDF 吗？最晚啥时候提申请？谢谢！"));
        Assert.Empty(KnowledgeText.AskingSentences("finance asks: we closed Acme on 3 March. when do we get paid?"));
        Assert.Empty(KnowledgeText.AskingSentences("is it paid? is it paid?"));
        Assert.Empty(KnowledgeText.AskingSentences("how much MDF for silver"));
    }

    // Batch 48: a message that retells first and asks last. The sentence it asks in is its last that ends in a question
    // mark (a closing quote after the mark still ends it), or else its last; a decimal point ends no sentence.
    [Fact]
    public void AskingSentence_IsTheLastThatAsks_AndNoneForOneSentence()
    {
        Assert.Equal("when do we get paid?", KnowledgeText.AskingSentence(
            "finance asks: we closed Acme on 3 March, when does the commission land? need it for the Q2 forecast. when do we get paid?"));
        Assert.Equal("Kiedy realnie dostaniemy kasę?", KnowledgeText.AskingSentence(
            "Księgowa pisze: \"deal wygrany 3 marca, kiedy wpłynie prowizja? planuję cashflow na Q2\". Kiedy realnie dostaniemy kasę?"));
        Assert.Equal("那佣金我们这边拿几成？", KnowledgeText.AskingSentence("我们上个月自己挖到一个客户。后来直销的 AE 说要一起卖。那佣金我们这边拿几成？"));
        Assert.Equal("Commission if we register now", KnowledgeText.AskingSentence("We forgot to register. Commission if we register now"));
        Assert.Equal("is 2.5% right for gold?", KnowledgeText.AskingSentence("Our rate was 2.5% last year.\nis 2.5% right for gold?"));
        Assert.Null(KnowledgeText.AskingSentence("is 2.5% the MDF rate for gold?"));
        Assert.Null(KnowledgeText.AskingSentence("how do I reach Gold?!"));
        Assert.Null(KnowledgeText.AskingSentence("   "));
    }

    [Fact]
    public void Glossary_OfTheDemoProgram_ListsEachPhraseUnderOneConcept() =>
        Assert.True(KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder).ConceptCount > 50);

    [Fact]
    public void In_AConceptIsSearchedByItsPhrasesInTheDocumentsLanguageAndEnglish_NotTheOthers()
    {
        var glossary = KnowledgeGlossary.Load(KnowledgeDatabase.DemoFolder);
        var q = KnowledgeText.ToQuery("kasa na marketing", glossary)!;

        var polish = q.In("pl").Units[0];
        Assert.Contains("\"kasa na market\"*", polish);
        Assert.Contains("\"mdf\"", polish);
        Assert.DoesNotContain(polish, t => t.Contains("dana", StringComparison.Ordinal) || t.Contains("营销", StringComparison.Ordinal));

        var english = q.In("en").Units[0];
        Assert.Contains("\"mdf\"", english);
        Assert.DoesNotContain(english, t => t.Contains("kasa", StringComparison.Ordinal));
        Assert.Equal(q.Units.Count, q.In("zh-Hans").Units.Count);
    }
}
