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
                Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
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
                if (command.Info.HelpKey is { } key) Assert.Equal(localizer.Get(PartnerBot.People.Languages.English, key), description);
                Assert.InRange(description.Length, 1, 128);
            }
        }
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
