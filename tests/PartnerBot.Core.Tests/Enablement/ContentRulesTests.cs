using PartnerBot.Enablement;
using PartnerBot.People;

namespace PartnerBot.Core.Tests.Enablement;

public sealed class ContentRulesTests
{
    private static readonly PartnerProgram.ProgramOptions Program = DemoProgram.Load();

    private static Actor Partner(string language = "en") => new("p", "P", Role.PartnerUser, "org", new Preferences { Language = language });

    [Theory]
    [InlineData("Bronze", "Bronze")]
    [InlineData("Silver", "Bronze,Silver")]
    [InlineData("Gold", "Bronze,Silver,Gold")]
    [InlineData("Platinum", "Bronze,Silver,Gold,Platinum")]
    [InlineData("Unknown", "Bronze")]
    public void TierGating_FollowsTheOrderOfProgramTiers(string tier, string visible) =>
        Assert.Equal(visible.Split(','), ContentSearch.VisibleTiers(Program, Partner(), tier)!.OrderBy(t => Program.Tiers.FindIndex(x => x.Name == t)));

    [Fact]
    public void TierGating_StaffSeeEverything()
    {
        Assert.Null(ContentSearch.VisibleTiers(Program, new Actor("r", "R", Role.Rep, null, new Preferences()), null));
        var gold = new ContentItem { Id = "g", Title = "t", Summary = "s", Type = "deck", Product = "p", Stage = "s", Language = "en", MinTier = "Gold", Url = "https://x.example" };
        Assert.False(ContentSearch.MayOpen(Program, Partner(), "Silver", gold));
        Assert.True(ContentSearch.MayOpen(Program, Partner(), "Gold", gold));
    }

    [Theory]
    [InlineData("the and of what", QueryProblem.OnlyStopWords)]
    [InlineData("dan yang untuk", QueryProblem.OnlyStopWords)]
    [InlineData("się jak dla", QueryProblem.OnlyStopWords)]
    [InlineData("的 了 吗", QueryProblem.OnlyStopWords)]
    [InlineData("   ", QueryProblem.Empty)]
    [InlineData("the roi calculator", QueryProblem.None)]
    public void Check_StopWordsAndEmpty(string query, QueryProblem expected) => Assert.Equal(expected, ContentSearch.Check(query, 300));

    [Fact]
    public void Check_TwoThousandCharacters_IsTooLong() =>
        Assert.Equal(QueryProblem.TooLong, ContentSearch.Check(new string('a', 2000), 300));

    [Fact]
    public void Parse_SplitsHanRunsOnFunctionCharacters_AndDropsStopWords()
    {
        var terms = ContentSearch.Parse("我要零售的案例 for Retail");
        Assert.Equal(["retail"], terms.Words);
        Assert.Equal(["零售", "案例"], terms.Unspaced);
    }

    [Theory]
    [InlineData("calculators", "calculato")]
    [InlineData("kalkulatora", "kalkulato")]
    [InlineData("roi", "roi")]
    [InlineData("study", "study")]
    public void Stem_TrimsLongWords(string word, string stem) => Assert.Equal(stem, ContentSearch.Stem(word));
}
