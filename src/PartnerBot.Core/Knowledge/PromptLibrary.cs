using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PartnerBot.Storage;

namespace PartnerBot.Knowledge;

/// <summary>
/// The assistant's prompt templates: files in Assistant:PromptsPath (prompts/ beside the application, copied from the
/// repository's prompts/ folder). Placeholders are written {{name}}.
/// </summary>
public sealed class PromptLibrary(IOptions<AssistantOptions> options)
{
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    public string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var template = _cache.GetOrAdd(name, Load);
        foreach (var (key, value) in values) template = template.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        return template;
    }

    private string Load(string name)
    {
        var folder = DatabaseStartup.ResolveFolder(options.Value.PromptsPath);
        foreach (var candidate in new[] { name, name + ".md", name + ".txt" })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return File.ReadAllText(path);
        }
        throw new FileNotFoundException($"No prompt '{name}' (.md or .txt) in {folder}: check Assistant:PromptsPath.");
    }
}
