using System.Collections.Frozen;
using System.Text.Json;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Localization;

/// <summary>
/// The product's sentences in the program's four languages, from Localization/strings.{lang}.json and each
/// capability's {name}.strings.{lang}.json beside its code (embedded). A key missing in a language falls back to English; a key missing in English is a bug
/// that a test catches. A sentence names a command as "{say:command}": it reads the command's words from the
/// <see cref="Vocabulary"/> in the sentence's language, so "type “mdf plan”" can never name words the router does not know.
/// </summary>
public sealed class Localizer
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _strings;

    public Localizer() : this(new Vocabulary()) { }

    public Localizer(Vocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        var asm = typeof(Localizer).Assembly;
        var names = asm.GetManifestResourceNames();
        var all = new Dictionary<string, FrozenDictionary<string, string>>();
        foreach (var lang in Languages.All)
        {
            // Localization/strings.{lang}.json plus each capability's own {name}.strings.{lang}.json.
            var suffix = $"strings.{lang}.json";
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in names.Where(n => n.EndsWith(suffix, StringComparison.Ordinal)))
            {
                using var stream = asm.GetManifestResourceStream(name)!;
                foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [])
                    if (!map.TryAdd(key, vocabulary.Resolve(value, lang)))
                        throw new InvalidOperationException($"The string '{key}' ({lang}) is defined twice; the second is in {name}.");
            }
            if (map.Count == 0) throw new InvalidOperationException($"Missing embedded strings for language '{lang}'.");
            all[lang] = map.ToFrozenDictionary();
        }
        _strings = all.ToFrozenDictionary();
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>What a person of <paramref name="language"/> types for <paramref name="command"/>, with arguments if given.</summary>
    public string Say(string language, string command, string? arguments = null) => Vocabulary.Say(command, language, arguments);

    public IReadOnlyCollection<string> Keys(string language) =>
        _strings.TryGetValue(language, out var m) ? m.Keys : [];

    public bool Has(string key) => _strings[Languages.English].ContainsKey(key);

    public string Get(string language, string key, params object?[] args)
    {
        if (!_strings.TryGetValue(language, out var map) || !map.TryGetValue(key, out var template))
            template = _strings[Languages.English].TryGetValue(key, out var en) ? en : key;
        if (args.Length == 0) return template;
        // Money and dates passed as values are written by the person's LocaleFormat; counts ({0:N0}) in their culture.
        var format = LocaleFormat.For(language);
        return string.Format(format.Culture, template, Array.ConvertAll(args, format.Argument));
    }
}
