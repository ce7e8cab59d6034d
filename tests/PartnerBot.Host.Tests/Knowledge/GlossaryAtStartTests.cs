using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>
/// An administrator's glossary in error stops the host's start and says what is wrong, where: before, the glossary was
/// first read by the first question, which failed on every host.
/// </summary>
public sealed class GlossaryAtStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("partnerbot-program-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Start_WithAPhraseUnderTwoConcepts_StopsAndNamesThePhraseAndTheFiles()
    {
        DemoProgramCopy.To(_folder);
        var glossary = Path.Combine(_folder, "knowledge", "glossary.en.json");
        File.WriteAllText(glossary, File.ReadAllText(glossary).Replace("\"payment\": [\"paid\",", "\"payment\": [\"payout\", \"paid\",", StringComparison.Ordinal));
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["ProgramData:Path"] = _folder });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var invalid = Assert.IsType<InvalidDataException>(error is AggregateException a ? a.Flatten().InnerExceptions[0] : error);
        Assert.Contains("\"payout\" under \"commission\" (glossary.en.json) and under \"payment\" (glossary.en.json)", invalid.Message);
    }
}
