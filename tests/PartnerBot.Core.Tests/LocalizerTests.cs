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

    /// <summary>A value that ends in its own full stop ends the sentence with it; elsewhere the sentence is as written.</summary>
    [Theory]
    [InlineData("en", "Revoked the invitation of {0}.", "Ana Inc.", "Revoked the invitation of Ana Inc.")]
    [InlineData("en", "You declined the lead {0}. It goes to another partner.", "Wisła Systemy Sp. z o.o.", "You declined the lead Wisła Systemy Sp. z o.o. It goes to another partner.")]
    [InlineData("pl", "Przyjęto lead {0}. Zarejestrowano go jako {1}, chroniony do {2}.", "Hooli S.A.", "Przyjęto lead Hooli S.A. Zarejestrowano go jako DR-1, chroniony do ")]
    [InlineData("ms", "Anda menerima prospek {0}. Ia didaftarkan sebagai {1}, dilindungi hingga {2}.", "Maju Sdn. Bhd.", "Anda menerima prospek Maju Sdn. Bhd. Ia didaftarkan sebagai DR-1, dilindungi hingga ")]
    [InlineData("en", "You accepted the lead {0}. It is registered as {1}, protected until {2}.", "Zorbix Ltd", "You accepted the lead Zorbix Ltd. It is registered as DR-1, protected until 21 Feb 2027.")]
    public void AValueEndingInAFullStop_EndsTheSentenceWithOne(string language, string template, string name, string expected)
    {
        var key = _l.Keys(Languages.English).Single(k => _l.Get(language, k) == template);
        var sentence = _l.Get(language, key, name, "DR-1", new DateOnly(2027, 2, 21));
        Assert.StartsWith(expected, sentence);
        Assert.DoesNotContain("..", sentence);
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
