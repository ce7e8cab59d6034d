using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using PartnerBot.People;

namespace PartnerBot.Localization;

/// <summary>
/// The product's sentences in the program's four languages, from Localization/strings.{lang}.json
/// (embedded). A key missing in a language falls back to English; a key missing in English is a bug
/// that a test catches.
/// </summary>
public sealed class Localizer
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _strings;

    public Localizer()
    {
        var asm = typeof(Localizer).Assembly;
        var all = new Dictionary<string, FrozenDictionary<string, string>>();
        foreach (var lang in Languages.All)
        {
            using var stream = asm.GetManifestResourceStream($"PartnerBot.Localization.strings.{lang}.json")
                ?? throw new InvalidOperationException($"Missing embedded strings for language '{lang}'.");
            var map = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
            all[lang] = map.ToFrozenDictionary();
        }
        _strings = all.ToFrozenDictionary();
    }

    public IReadOnlyCollection<string> Keys(string language) =>
        _strings.TryGetValue(language, out var m) ? m.Keys : [];

    public bool Has(string key) => _strings[Languages.English].ContainsKey(key);

    public string Get(string language, string key, params object?[] args)
    {
        if (!_strings.TryGetValue(language, out var map) || !map.TryGetValue(key, out var template))
            template = _strings[Languages.English].TryGetValue(key, out var en) ? en : key;
        return args.Length == 0 ? template : string.Format(Culture(language), template, args);
    }

    public static CultureInfo Culture(string language) => language switch
    {
        Languages.Malay => CultureInfo.GetCultureInfo("ms-MY"),
        Languages.Chinese => CultureInfo.GetCultureInfo("zh-Hans"),
        Languages.Polish => CultureInfo.GetCultureInfo("pl-PL"),
        _ => CultureInfo.GetCultureInfo("en-US"),
    };
}
