using PartnerBot.Localization;
using PartnerBot.People;

namespace PartnerBot.Core.Tests;

public sealed class LocalizerTests
{
    private readonly Localizer _l = new();

    [Theory]
    [InlineData("ms")]
    [InlineData("zh-Hans")]
    [InlineData("pl")]
    public void EveryLanguage_HasEveryEnglishKey_AndNoOthers(string language)
    {
        var english = _l.Keys(Languages.English).Order().ToList();
        var other = _l.Keys(language).Order().ToList();
        Assert.Equal(english.Except(other), []);
        Assert.Equal(other.Except(english), []);
    }

    [Fact]
    public void Placeholders_AreTheSameInEveryLanguage()
    {
        foreach (var key in _l.Keys(Languages.English))
        {
            var expected = Placeholders(_l.Get(Languages.English, key));
            foreach (var lang in Languages.All)
                Assert.True(expected.SetEquals(Placeholders(_l.Get(lang, key))), $"'{key}' in {lang} has other placeholders than English.");
        }
    }

    [Fact]
    public void Get_FormatsNumbersInTheLanguagesCulture()
    {
        Assert.Equal("That message is 4,001 characters long; I read up to 4,000. Please shorten it and send it again.",
            _l.Get("en", "input.too-long", 4001, 4000));
        Assert.StartsWith("Ta wiadomość ma 4\u00a0001 znaków", _l.Get("pl", "input.too-long", 4001, 4000));
    }

    [Fact]
    public void Get_UnknownLanguage_FallsBackToEnglish() =>
        Assert.Equal(_l.Get("en", "dialog.cancelled"), _l.Get("de", "dialog.cancelled"));

    [Theory]
    [InlineData("pl-PL", "pl")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("ms_MY", "ms")]
    [InlineData("en-GB", "en")]
    [InlineData("de-DE", null)]
    [InlineData(null, null)]
    public void FromLocale_MapsClientLocales(string? locale, string? expected) =>
        Assert.Equal(expected, Languages.FromLocale(locale));

    private static HashSet<string> Placeholders(string s) =>
        System.Text.RegularExpressions.Regex.Matches(s, @"\{(\d+)").Select(m => m.Groups[1].Value).ToHashSet();
}
