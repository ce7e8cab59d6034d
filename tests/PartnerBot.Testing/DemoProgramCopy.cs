namespace PartnerBot.Testing;

/// <summary>The demo program's folder (beside the test assembly), copied for a test that changes a file of it.</summary>
public static class DemoProgramCopy
{
    public static void To(string folder)
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "samples", "demo-program");
        foreach (var file in Directory.EnumerateFiles(demo, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(demo, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
