using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Localization;

/// <summary>
/// The product's sentences in the program's four languages, from Localization/strings.{lang}.json and each
/// capability's {name}.strings.{lang}.json beside its code (embedded); a channel adds its own sentences from its
/// assembly (<see cref="StringsAssembly"/>). A key missing in a language falls back to English; a key missing in
/// English is a bug that a test catches. A sentence names a command as "{say:command}": it reads the command's words
/// from the <see cref="Vocabulary"/> in the sentence's language, so "type “mdf plan”" can never name words the router
/// does not know.
/// </summary>
public sealed class Localizer
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _strings;

    /// <summary>The product's sentences and those embedded in <paramref name="more"/> (a channel's own).</summary>
    public Localizer(params Assembly[] more) : this(new Vocabulary(), more) { }

    public Localizer(Vocabulary vocabulary, params Assembly[] more)
    {
        Vocabulary = vocabulary;
        var sources = new[] { typeof(Localizer).Assembly }.Concat(more).Distinct()
            .SelectMany(a => a.GetManifestResourceNames().Select(n => (Assembly: a, Name: n))).ToList();
        var all = new Dictionary<string, FrozenDictionary<string, string>>();
        foreach (var lang in Languages.All)
        {
            // Localization/strings.{lang}.json plus each capability's own {name}.strings.{lang}.json.
            var suffix = $"strings.{lang}.json";
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (asm, name) in sources.Where(s => s.Name.EndsWith(suffix, StringComparison.Ordinal)))
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
        var values = Array.ConvertAll(args, format.Argument);
        return string.Format(format.Culture, OneFullStop(template, values), values);
    }

    /// <summary>
    /// A value that ends in its own full stop ("Wisła Systemy Sp. z o.o.", "Acme Inc.") ends the sentence with it
    /// where the sentence puts a full stop right after that value: one dot, never "o.o..".
    /// </summary>
    private static string OneFullStop(string template, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            if (values[i] is string s && s.EndsWith('.'))
                template = template.Replace("{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}.",
                    "{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", StringComparison.Ordinal);
        return template;
    }
}

/// <summary>An assembly whose embedded {name}.strings.{lang}.json the <see cref="Localizer"/> reads too (a channel's sentences).</summary>
public sealed record StringsAssembly(Assembly Assembly);
