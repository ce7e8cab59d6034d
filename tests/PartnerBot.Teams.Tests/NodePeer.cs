using System.Diagnostics;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>Runs the small node scripts under tools/peers that wrap Microsoft's own validators.</summary>
public static class NodePeer
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = Peers.PeersFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(Peers.PeersFolder, script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
