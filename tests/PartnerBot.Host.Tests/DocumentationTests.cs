using System.Text;
using System.Text.RegularExpressions;

namespace PartnerBot.Host.Tests;

/// <summary>
/// The repository explains itself only if its links lead somewhere: every relative link in every Markdown file of
/// the repository resolves to a file or folder in the repository, and a link to a heading finds the heading.
/// </summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public void EveryRelativeLink_InTheRepositorysMarkdown_Resolves()
    {
        var root = RepositoryRoot();
        var files = MarkdownFiles(root).ToList();
        Assert.Contains(files, f => f.EndsWith("README.md", StringComparison.Ordinal));

        var broken = files.SelectMany(f => BrokenLinks(root, f)).ToList();

        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void TheReadme_LinksTheNewcomersDocuments()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (var doc in new[] { "docs/architecture.md", "docs/operations.md", "docs/crm-sync.md", "docs/webhooks.md", "CONTRIBUTING.md", "CHANGELOG.md" })
            Assert.Contains($"]({doc})", readme);
        Assert.DoesNotContain("../shared", readme);
    }

    /// <summary>
    /// The README's "How it is built" and the architecture page describe the code as it is: every folder of
    /// src/PartnerBot.Core (a capability or a shared part) is named in both, so a new one cannot land unexplained.
    /// </summary>
    [Fact]
    public void EveryCoreFolder_IsExplained_InTheReadme_AndTheArchitecturePage()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var built = readme[readme.IndexOf("## How it is built", StringComparison.Ordinal)..];
        built = built[..(built.IndexOf("\n## ", 3, StringComparison.Ordinal) is var end and > 0 ? end : built.Length)];
        var architecture = File.ReadAllText(Path.Combine(root, "docs", "architecture.md"));
        var folders = Directory.GetDirectories(Path.Combine(root, "src", "PartnerBot.Core"))
            .Select(Path.GetFileName).OfType<string>().Where(d => !Skipped.Contains(d)).ToList();
        Assert.Contains("Deals", folders);

        var missing = folders.SelectMany(f => new[] { ("README.md", built), ("docs/architecture.md", architecture) }
                .Where(doc => !doc.Item2.Contains($"`{f}/`", StringComparison.Ordinal))
                .Select(doc => $"{doc.Item1} does not name `{f}/`"))
            .ToList();

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public void TheChecker_FindsABrokenFileLink_AndAMissingHeading()
    {
        var dir = Directory.CreateTempSubdirectory("pb-links-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.md"), "# Title\n\n## Set up the bot\n");
            var b = Path.Combine(dir.FullName, "b.md");
            File.WriteAllText(b, "[ok](a.md) [ok too](a.md#set-up-the-bot) [gone](missing.md) [no heading](a.md#nowhere)\n" +
                                 "```\n[in code](ignored.md)\n```\n[web](https://example.org/x.md)\n");

            var broken = BrokenLinks(dir.FullName, b).ToList();

            Assert.Equal(2, broken.Count);
            Assert.Contains(broken, l => l.Contains("missing.md", StringComparison.Ordinal));
            Assert.Contains(broken, l => l.Contains("#nowhere", StringComparison.Ordinal));
        }
        finally { dir.Delete(recursive: true); }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("PartnerBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static readonly string[] Skipped = ["bin", "obj", "node_modules", ".git", "BenchmarkDotNet.Artifacts"];

    private static IEnumerable<string> MarkdownFiles(string root) =>
        Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(Skipped.Contains));

    private static IEnumerable<string> BrokenLinks(string root, string file)
    {
        var text = WithoutCode(File.ReadAllText(file));
        var targets = InlineLink().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(ReferenceLink().Matches(text).Select(m => m.Groups[1].Value));
        foreach (var raw in targets)
        {
            var target = raw.Trim('<', '>');
            if (Uri.TryCreate(target, UriKind.Absolute, out _) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var path = hash >= 0 ? target[..hash] : target;
            var anchor = hash >= 0 ? target[(hash + 1)..] : null;
            var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)));
            var where = $"{Path.GetRelativePath(root, file)}: ({target})";
            if (!resolved.StartsWith(root, StringComparison.Ordinal)) { yield return where + " leaves the repository"; continue; }
            if (!File.Exists(resolved) && !Directory.Exists(resolved)) { yield return where + " names nothing"; continue; }
            if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
                yield return where + " names a heading that is not there";
        }
    }

    /// <summary>Fenced blocks and inline code hold examples, not links.</summary>
    private static string WithoutCode(string markdown)
    {
        var sb = new StringBuilder();
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
            if (!fenced) sb.AppendLine(InlineCode().Replace(line, ""));
        }
        return sb.ToString();
    }

    /// <summary>Heading ids as GitHub makes them: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in WithoutCode(File.ReadAllText(file)).Split('\n'))
        {
            var m = Heading().Match(line.TrimEnd('\r'));
            if (!m.Success) continue;
            var slug = new StringBuilder();
            foreach (var c in m.Groups[1].Value.Trim().ToLowerInvariant())
                if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            var id = slug.ToString();
            for (var n = 1; !anchors.Add(id); n++) id = $"{slug}-{n}";
        }
        return anchors;
    }

    [GeneratedRegex(@"\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*$")]
    private static partial Regex Heading();
}
