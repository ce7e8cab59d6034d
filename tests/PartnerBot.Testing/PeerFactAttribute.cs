using Xunit;

namespace PartnerBot.Testing;

/// <summary>
/// A test that needs a real peer (Chromium, Node, an npm package under tools/peers). On a machine without it the test
/// is skipped with the reason; where PARTNERBOT_REQUIRE_PEERS=1 (set by .ci/run after installing them) it always runs,
/// so a missing peer fails instead of skipping.
/// </summary>
/// <remarks>Requirements: "chromium", "node", or "npm:&lt;package&gt;" (installed in tools/peers/node_modules).</remarks>
public sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(params string[] requirements)
    {
        if (Peers.Required) return;
        var missing = requirements.Where(r => !Peers.Has(r)).ToList();
        if (missing.Count > 0)
            Skip = $"Needs {string.Join(", ", missing)} (run .ci/run, or install them, to run this test).";
    }
}

public static class Peers
{
    /// <summary>True where .ci/run has installed the peers: tests must run, never skip.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("PARTNERBOT_REQUIRE_PEERS") == "1";

    public static string RepositoryRoot { get; } = FindRoot();

    public static string PeersFolder => Path.Combine(RepositoryRoot, "tools", "peers");

    public static string Chromium =>
        Environment.GetEnvironmentVariable("PARTNERBOT_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";

    public static bool Has(string requirement) => requirement switch
    {
        "chromium" => File.Exists(Chromium),
        "node" => OnPath("node"),
        _ when requirement.StartsWith("npm:", StringComparison.Ordinal) =>
            OnPath("node") && Directory.Exists(Path.Combine(PeersFolder, "node_modules", requirement[4..])),
        _ => OnPath(requirement),
    };

    public static bool OnPath(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, exe)));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find PartnerBot.sln above the test binaries.");
    }
}
