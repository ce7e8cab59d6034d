using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>manifests/teams: the manifest validated offline by @microsoft/app-manifest, the icons, and the package script.</summary>
public sealed class ManifestPeerTests
{
    private static string TeamsFolder => Path.Combine(Peers.RepositoryRoot, "manifests", "teams");

    [PeerFact("node", "npm:@microsoft/app-manifest")]
    public async Task Manifest_ValidatesAgainstItsSchema()
    {
        var (exit, output) = await NodePeer.RunAsync("validate-teams-manifest.js", Path.Combine(TeamsFolder, "manifest.json"));
        Assert.True(exit == 0, output);
        Assert.Contains("\"errors\":[]", output);
    }

    [PeerFact("node", "npm:@microsoft/app-manifest")]
    public async Task Validator_FlagsABadBotId()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TeamsFolder, "manifest.json")))!;
        manifest["bots"]![0]!["botId"] = "not-a-guid";
        var file = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, manifest.ToJsonString());
        try
        {
            var (exit, output) = await NodePeer.RunAsync("validate-teams-manifest.js", file);
            Assert.Equal(1, exit);
            Assert.Contains("/bots/0/botId must match pattern", output);
        }
        finally { File.Delete(file); }
    }

    [PeerFact("python3", "node", "npm:@microsoft/app-manifest")]
    public async Task Package_HasConfiguredAppIdAndIcons_AndValidates()
    {
        const string appId = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        var dir = Directory.CreateTempSubdirectory("partnerbot-teams-package").FullName;
        try
        {
            var zip = Path.Combine(dir, "app.zip");
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.Combine(TeamsFolder, "package.py"), "--app-id", appId, "--domain", "bot.northwind.example", "--out", zip })
                psi.ArgumentList.Add(a);
            using (var p = Process.Start(psi)!)
            {
                var err = await p.StandardError.ReadToEndAsync();
                await p.WaitForExitAsync();
                Assert.True(p.ExitCode == 0, err);
            }

            using (var archive = ZipFile.OpenRead(zip))
            {
                Assert.Equal(["color.png", "manifest.json", "ms-my.json", "outline.png", "pl-pl.json", "zh-cn.json"], archive.Entries.Select(e => e.FullName).Order());
                archive.GetEntry("manifest.json")!.ExtractToFile(Path.Combine(dir, "manifest.json"));
            }
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "manifest.json")))!;
            Assert.Equal(appId, manifest["id"]!.GetValue<string>());
            Assert.Equal(appId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
            Assert.Equal("bot.northwind.example", manifest["validDomains"]![0]!.GetValue<string>());
            Assert.Equal(["help", "register a deal", "my deals", "review queue", "mdf", "content", "ask", "settings", "cancel"], manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));

            var (exit, output) = await NodePeer.RunAsync("validate-teams-manifest.js", Path.Combine(dir, "manifest.json"));
            Assert.True(exit == 0, output);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// The manifest's command list drifts from the vocabulary in no way: each title is a command's own English words
    /// (what help shows), each description its help line, and Teams' limits hold.
    /// </summary>
    [Fact]
    public void Manifest_EveryCommand_IsTheVocabularysWords_WithItsHelpLine_AtMostTenPerList()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsFolder, "manifest.json")))!;
        using var host = new TestHost();
        var router = host.Services.GetRequiredService<PartnerBot.Conversations.Router>();
        var localizer = host.Services.GetRequiredService<PartnerBot.Localization.Localizer>();
        foreach (var list in manifest["bots"]![0]!["commandLists"]!.AsArray())
        {
            var commands = list!["commands"]!.AsArray();
            Assert.InRange(commands.Count, 1, 10); // Teams shows at most 10 commands per scope
            foreach (var c in commands)
            {
                var title = c!["title"]!.GetValue<string>();
                var description = c["description"]!.GetValue<string>();
                var command = router.Match(title, PartnerBot.People.Role.Manager)?.Command;
                Assert.True(command is not null, $"no command answers to \"{title}\"");
                Assert.Equal(localizer.Say(PartnerBot.People.Languages.English, command.Info.Name), title);
                Assert.Equal(localizer.Get(PartnerBot.People.Languages.English, command.Info.HelpKey ?? $"teams.app.command.{command.Info.Name}.description"), description);
                Assert.InRange(description.Length, 1, 128);
            }
        }
    }

    /// <summary>Teams' language tag for each program language other than English (the manifest's own).</summary>
    private static readonly (string Tag, string Language)[] LanguageFiles =
    [
        ("ms-my", PartnerBot.People.Languages.Malay),
        ("zh-cn", PartnerBot.People.Languages.Chinese),
        ("pl-pl", PartnerBot.People.Languages.Polish),
    ];

    /// <summary>
    /// A language file per program language: the app's name and description from the Teams channel's sentences, and
    /// each command of the manifest in that language's words with its help line — what a Malay, Chinese or Polish
    /// client shows in the command menu. The English manifest says the same as the English sentences. After changing
    /// a command's words or help line, write the files again with PARTNERBOT_WRITE_TEAMS_LANGUAGES=1.
    /// </summary>
    [Fact]
    public void LanguageFiles_SayTheAppAndEveryCommand_InTheirLanguage()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsFolder, "manifest.json")))!;
        var listed = manifest["localizationInfo"]!["additionalLanguages"]!.AsArray()
            .Select(l => (l!["languageTag"]!.GetValue<string>(), l["file"]!.GetValue<string>())).ToList();
        Assert.Equal(LanguageFiles.Select(l => (l.Tag, l.Tag + ".json")), listed);
        Assert.Equal("en-us", manifest["localizationInfo"]!["defaultLanguageTag"]!.GetValue<string>());

        using var host = new TestHost();
        var router = host.Services.GetRequiredService<PartnerBot.Conversations.Router>();
        var localizer = host.Services.GetRequiredService<PartnerBot.Localization.Localizer>();
        var en = PartnerBot.People.Languages.English;
        Assert.Equal(localizer.Get(en, "teams.app.name.short"), manifest["name"]!["short"]!.GetValue<string>());
        Assert.Equal(localizer.Get(en, "teams.app.name.full"), manifest["name"]!["full"]!.GetValue<string>());
        Assert.Equal(localizer.Get(en, "teams.app.description.short"), manifest["description"]!["short"]!.GetValue<string>());
        Assert.Equal(localizer.Get(en, "teams.app.description.full"), manifest["description"]!["full"]!.GetValue<string>());

        var write = Environment.GetEnvironmentVariable("PARTNERBOT_WRITE_TEAMS_LANGUAGES") == "1";
        var version = manifest["manifestVersion"]!.GetValue<string>();
        foreach (var (tag, language) in LanguageFiles)
        {
            var expected = new JsonObject
            {
                ["$schema"] = $"https://developer.microsoft.com/en-us/json-schemas/teams/v{version}/MicrosoftTeams.Localization.schema.json",
                ["name.short"] = localizer.Get(language, "teams.app.name.short"),
                ["name.full"] = localizer.Get(language, "teams.app.name.full"),
                ["description.short"] = localizer.Get(language, "teams.app.description.short"),
                ["description.full"] = localizer.Get(language, "teams.app.description.full"),
            };
            var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();
            for (var i = 0; i < lists.Count; i++)
            {
                var commands = lists[i]!["commands"]!.AsArray();
                for (var j = 0; j < commands.Count; j++)
                {
                    var command = router.Match(commands[j]!["title"]!.GetValue<string>(), PartnerBot.People.Role.Manager)!.Command;
                    expected[$"bots[0].commandLists[{i}].commands[{j}].title"] = localizer.Say(language, command.Info.Name);
                    expected[$"bots[0].commandLists[{i}].commands[{j}].description"] =
                        localizer.Get(language, command.Info.HelpKey ?? $"teams.app.command.{command.Info.Name}.description");
                }
            }
            var file = Path.Combine(TeamsFolder, tag + ".json");
            var text = expected.ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }) + "\n";
            if (write) File.WriteAllText(file, text);
            Assert.True(File.Exists(file), $"{tag}.json is missing: write it with PARTNERBOT_WRITE_TEAMS_LANGUAGES=1");
            Assert.Equal(text, File.ReadAllText(file));
            // Each title is a command's words in that language: typing it runs the command it stands for.
            foreach (var (key, value) in expected.Where(p => p.Key.EndsWith(".title", StringComparison.Ordinal)))
                Assert.True(router.Match(value!.GetValue<string>(), PartnerBot.People.Role.Manager) is not null, $"{tag}: nothing answers to \"{value}\"");
        }
    }

    [PeerFact("node", "npm:@microsoft/app-manifest")]
    public async Task LanguageFiles_ValidateAgainstTheLocalizationSchema()
    {
        foreach (var (tag, _) in LanguageFiles)
        {
            var (exit, output) = await NodePeer.RunAsync("validate-teams-manifest.js", Path.Combine(TeamsFolder, tag + ".json"));
            Assert.True(exit == 0, $"{tag}: {output}");
        }

        // The same check refuses a title longer than Teams shows and a key it does not know.
        var bad = JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsFolder, "pl-pl.json")))!;
        bad["bots[0].commandLists[0].commands[0].title"] = new string('x', 40);
        bad["bogus"] = 1;
        var file = Path.Combine(Path.GetTempPath(), $"pl-pl-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, bad.ToJsonString());
        try
        {
            var (exit, output) = await NodePeer.RunAsync("validate-teams-manifest.js", file);
            Assert.Equal(1, exit);
            Assert.Contains("must NOT have more than 32 characters", output);
            Assert.Contains("bogus", output);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Icons_HaveTeamsSizes_OutlineIsWhiteOnTransparent()
    {
        var color = Png.Read(Path.Combine(TeamsFolder, "color.png"));
        var outline = Png.Read(Path.Combine(TeamsFolder, "outline.png"));

        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.All(color.Pixels, p => Assert.Equal(255, p.A)); // full colour, no transparency
        Assert.All(outline.Pixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"outline pixel {p}"));
        Assert.Contains(outline.Pixels, p => p.A == 0);
        Assert.Contains(outline.Pixels, p => p.A == 255);
    }
}

/// <summary>Reads the 8-bit RGBA, unfiltered PNGs make_icons.py writes (enough to check the icons).</summary>
internal static class Png
{
    public readonly record struct Rgba(byte R, byte G, byte B, byte A);

    public static (int Width, int Height, List<Rgba> Pixels) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var i = 8; i < bytes.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(i));
            var type = System.Text.Encoding.ASCII.GetString(bytes, i + 4, 4);
            var data = bytes.AsSpan(i + 8, length);
            if (type == "IHDR")
            {
                width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data);
                height = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]); // bit depth
                Assert.Equal(6, data[9]); // RGBA
            }
            if (type == "IDAT") idat.Write(data);
            i += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var r = raw.ToArray();
        var pixels = new List<Rgba>(width * height);
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 4);
            Assert.Equal(0, r[row]); // filter "none"
            for (var x = 0; x < width; x++)
            {
                var p = row + 1 + x * 4;
                pixels.Add(new Rgba(r[p], r[p + 1], r[p + 2], r[p + 3]));
            }
        }
        return (width, height, pixels);
    }
}
