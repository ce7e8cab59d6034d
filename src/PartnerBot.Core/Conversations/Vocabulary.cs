using System.Collections.Frozen;
using System.Text.Json;
using PartnerBot.People;

namespace PartnerBot.Conversations;

/// <summary>
/// The words of one command in every program language. The first phrase of a language is what the product shows a
/// person of that language (help, buttons, sentences that say "type …"); the others are what people also type.
/// </summary>
public sealed record CommandWords(
    string Command,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Phrases,
    IReadOnlyDictionary<string, string>? Arguments = null,
    IReadOnlyList<string>? SlashAliases = null)
{
    /// <summary>Words that are the same in every language: a command added by a host or a test.</summary>
    public static CommandWords InEveryLanguage(string command, params string[] phrases) =>
        new(command, Languages.All.ToDictionary(l => l, IReadOnlyList<string> (_) => phrases));

    /// <summary>Every phrase, all languages together, each once.</summary>
    public IEnumerable<string> AllPhrases => Phrases.Values.SelectMany(p => p).Distinct(StringComparer.Ordinal);
}

/// <summary>
/// The one owner of the words people type to start each command, in every program language: read from each
/// capability's <c>{name}.words.json</c> beside its code (embedded). The router, help, buttons, sentences that name a
/// command ("{say:mdf-plan}" in a strings file), Slack's <c>/partner</c> subcommands, the Teams manifest and the
/// README's table all come from here or are checked against it by tests.
/// </summary>
public sealed class Vocabulary
{
    private const string SayPrefix = "{say:";
    private readonly FrozenDictionary<string, CommandWords> _commands;
    private readonly FrozenDictionary<string, string> _slash;

    /// <summary>The words embedded in this assembly.</summary>
    public Vocabulary() : this(LoadEmbedded()) { }

    /// <summary>The embedded words and those registered as <see cref="CommandWords"/> services (how the product is composed).</summary>
    public static Vocabulary WithRegistered(IEnumerable<CommandWords> registered) => new(LoadEmbedded().Concat(registered));

    /// <summary>
    /// Checks the words: every command has a phrase in every program language, and no phrase (compared as the
    /// router compares them: case, accents and spacing folded) or <c>/partner</c> alias belongs to two commands.
    /// </summary>
    public Vocabulary(IEnumerable<CommandWords> commands)
    {
        var byName = new Dictionary<string, CommandWords>(StringComparer.Ordinal);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var words in commands)
        {
            if (!byName.TryAdd(words.Command, words))
                throw new InvalidOperationException($"The command '{words.Command}' has words in two places.");
            foreach (var language in Languages.All)
                if (!words.Phrases.TryGetValue(language, out var list) || list.Count == 0 || list.Any(string.IsNullOrWhiteSpace))
                    throw new InvalidOperationException($"The command '{words.Command}' has no words in '{language}'.");
            foreach (var phrase in words.AllPhrases.Concat(words.SlashAliases ?? []).Select(Router.Normalize).Distinct())
            {
                if (owner.TryGetValue(phrase, out var other) && other != words.Command)
                    throw new InvalidOperationException($"The phrase '{phrase}' is claimed by more than one command: {other}, {words.Command}.");
                owner[phrase] = words.Command;
            }
        }
        _commands = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _slash = _commands.Values
            .SelectMany(c => (c.SlashAliases ?? []).Select(a => (Alias: Router.Normalize(a), c.Command)))
            .ToFrozenDictionary(x => x.Alias, x => x.Command, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Commands => _commands.Keys;

    public CommandWords Words(string command) => _commands.GetValueOrDefault(command)
        ?? throw new InvalidOperationException($"The command '{command}' has no words: add them to its capability's *.words.json.");

    /// <summary>What a person of <paramref name="language"/> types for the command, with arguments if given.</summary>
    public string Say(string command, string language, string? arguments = null)
    {
        var words = Words(command);
        var phrase = words.Phrases.TryGetValue(language, out var list) ? list[0] : words.Phrases[Languages.English][0];
        return string.IsNullOrEmpty(arguments) ? phrase : $"{phrase} {arguments}";
    }

    /// <summary>The command with an example of its arguments ("extend DR-…", "bayaran acme"): help's rows and buttons.</summary>
    public string Example(string command, string language) => Say(command, language, ExampleArguments(command, language));

    /// <summary>The example of the command's arguments in <paramref name="language"/> (or English), or null when it takes none.</summary>
    public string? ExampleArguments(string command, string language) => Words(command).Arguments is { } args
        ? args.GetValueOrDefault(language) ?? args.GetValueOrDefault(Languages.English)
        : null;

    /// <summary>The command a <c>/partner</c> alias stands for ("deal" → register a deal), or null.</summary>
    public string? SlashAlias(string word) => _slash.GetValueOrDefault(Router.Normalize(word));

    /// <summary>Replaces every "{say:command}" in a sentence with the command's words in that language.</summary>
    public string Resolve(string sentence, string language)
    {
        var start = sentence.IndexOf(SayPrefix, StringComparison.Ordinal);
        if (start < 0) return sentence;
        var end = sentence.IndexOf('}', start);
        if (end < 0) throw new InvalidOperationException($"Unclosed {SayPrefix}…}} in \"{sentence}\".");
        var command = sentence[(start + SayPrefix.Length)..end];
        return Resolve(sentence[..start] + Say(command, language) + sentence[(end + 1)..], language);
    }

    private static IEnumerable<CommandWords> LoadEmbedded()
    {
        var asm = typeof(Vocabulary).Assembly;
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.EndsWith(".words.json", StringComparison.Ordinal)).Order())
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var doc = JsonDocument.Parse(stream);
            foreach (var entry in doc.RootElement.EnumerateObject())
                yield return Parse(entry, name);
        }
    }

    // { "deal.extend": { "args": "DR-…", "slash": ["…"], "en": ["extend", …], "ms": […], "zh-Hans": […], "pl": […] } }
    // "args" is one example for every language, or an object by language when the example is itself words.
    private static CommandWords Parse(JsonProperty entry, string file)
    {
        var phrases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        Dictionary<string, string>? args = null;
        List<string>? slash = null;
        foreach (var p in entry.Value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "args" when p.Value.ValueKind == JsonValueKind.String:
                    args = Languages.All.ToDictionary(l => l, _ => p.Value.GetString()!);
                    break;
                case "args":
                    args = p.Value.EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString()!);
                    break;
                case "slash":
                    slash = p.Value.EnumerateArray().Select(a => a.GetString()!).ToList();
                    break;
                case var language when Languages.All.Contains(language):
                    phrases[language] = p.Value.EnumerateArray().Select(a => a.GetString()!).ToList();
                    break;
                default:
                    throw new InvalidOperationException($"Unknown key '{p.Name}' for '{entry.Name}' in {file}.");
            }
        }
        return new CommandWords(entry.Name, phrases, args, slash);
    }
}
