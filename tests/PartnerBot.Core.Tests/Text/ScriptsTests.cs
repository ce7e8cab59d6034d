using System.Text;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.Knowledge;
using PartnerBot.Text;

namespace PartnerBot.Core.Tests.Text;

/// <summary>
/// Which characters are of a script written without spaces has one owner, <see cref="Scripts"/>; the router, the
/// knowledge index, content search, company names and typed amounts all ask it.
/// </summary>
public sealed class ScriptsTests
{
    [Theory]
    [InlineData('a', false)]       // Latin
    [InlineData('ł', false)]       // Latin, Polish
    [InlineData('ж', false)]       // Cyrillic
    [InlineData('한', false)]      // Hangul: Korean puts spaces between words
    [InlineData('ㄱ', false)]      // Hangul compatibility jamo
    [InlineData('ก', false)]       // Thai: unspaced, but no language the program reads
    [InlineData('１', false)]      // a full-width digit is a digit, of no script
    [InlineData('Ａ', false)]      // full-width Latin is Latin
    [InlineData('，', false)]      // full-width comma
    [InlineData('、', false)]      // ideographic comma
    [InlineData('。', false)]      // ideographic full stop
    [InlineData('\u3000', false)]  // ideographic space
    [InlineData('・', false)]      // katakana middle dot: it separates words
    [InlineData('⺀', false)]      // a CJK radical is a symbol, not writing
    [InlineData('\uD840', false)]  // half of a surrogate pair (Extension B and past): not read per char
    [InlineData('一', true)]       // first of the unified ideographs
    [InlineData('佣', true)]
    [InlineData('\u9FFF', true)]   // last of the unified ideographs
    [InlineData('㐀', true)]       // Extension A, first
    [InlineData('䶿', true)]       // Extension A, last
    [InlineData('﨑', true)]       // compatibility ideograph (山﨑)
    [InlineData('々', true)]       // repeats the ideograph before (人々)
    [InlineData('〇', true)]       // ideographic zero (二〇二六)
    [InlineData('ぁ', true)]       // first hiragana
    [InlineData('の', true)]
    [InlineData('ア', true)]       // katakana
    [InlineData('ー', true)]       // prolonged sound mark, inside katakana words (ソニー)
    [InlineData('ㇰ', true)]       // small katakana extension
    [InlineData('ｱ', true)]       // half-width katakana
    [InlineData('｡', false)]       // half-width ideographic full stop
    public void IsUnspaced_HanAndKanaOnly(char c, bool unspaced) => Assert.Equal(unspaced, Scripts.IsUnspaced(c));

    // The readers whose reading changed when they came to ask the one owner.

    [Theory]
    [InlineData("人々", "人々")]                   // 々 belongs to the ideograph before it (before: "人 々")
    [InlineData("ｶﾀｶﾅ", "ｶﾀ ﾀｶ ｶﾅ")]              // half-width katakana as bigrams (before: one word)
    [InlineData("ソニー", "ソニ ニー")]
    public void ForIndex_CutsEveryUnspacedRunIntoBigrams(string text, string indexed) =>
        Assert.Equal(indexed, KnowledgeText.ForIndex(text));

    [Fact]
    public void ForIndex_Hangul_StaysWords() =>
        // Folding decomposes Hangul syllables into their letters (jamo) on both sides; the words are kept whole.
        Assert.Equal("한국 파트너".Normalize(NormalizationForm.FormD), KnowledgeText.ForIndex("한국 파트너"));

    [Fact]
    public void ContentQuery_InKana_IsSearchedAsAnUnspacedRun_SplitAtTheMiddleDot()
    {
        // Before: kana went to the words, searched as word prefixes and cut by the stemmer.
        var terms = ContentSearch.Parse("パートナー・ガイド for resellers");
        Assert.Equal(["パートナー", "ガイド"], terms.Unspaced);
        Assert.Equal(["resellers"], terms.Words);
    }

    [Fact]
    public void CompanyName_InKana_IsFoundInsideText_AsAChineseOneIs()
    {
        // Before: only 㐀..鿿 counted, so a katakana name had to stand alone as a word of four letters or more.
        Assert.True(CompanyNames.IsNamedIn("トヨタの案件を登録", "トヨタ", new HashSet<string>()));
        Assert.True(CompanyNames.IsNamedIn("阿尔法公司的交易", "阿尔法公司", new HashSet<string>()));
    }

    [Theory]
    [InlineData("トヨタ自動車", "<トヨ", ">動車")]  // kana: two characters, as for Chinese
    [InlineData("阿尔法科技", "<阿尔", ">科技")]
    [InlineData("ａｃｍｅｓｏｆｔ", "<ａｃｍｅ", ">ｓｏｆｔ")] // full-width Latin is Latin: four (before: two)
    [InlineData("acmesoft", "<acme", ">soft")]
    public void BlockKeys_TwoCharactersForAnUnspacedScript_FourForTheRest(string token, string first, string last) =>
        Assert.Equal([first, last], ConflictIndex.BlockKeys(token));
}
