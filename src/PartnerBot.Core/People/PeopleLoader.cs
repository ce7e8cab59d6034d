using PartnerBot.Importing;
using PartnerBot.Storage;

namespace PartnerBot.People;

/// <summary>
/// Loads partner organisations, people and their chat identities from people.json through the importers (the same
/// checks as `import`), once: organisations and people already stored are left as they are (a person's changed
/// settings survive a restart).
/// </summary>
public sealed class PeopleLoader(ImportRunner import) : IProgramDataLoader
{
    public int Order => 0;

    public async Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, "people.json");
        if (!File.Exists(path)) return;
        var people = (await RowListSource.ReadJsonListAsync(path, ["people"], ct)).Select((p, i) => (Row: RowListSource.FromJson(i + 1, p), Json: p)).ToList();
        var organisations = (await RowListSource.ReadJsonListAsync(path, ["organisations"], ct)).Select((o, i) => RowListSource.FromJson(i + 1, o));
        var identities = people
            .Where(p => p.Json.TryGetProperty("identities", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array)
            .SelectMany(p => p.Json.GetProperty("identities").EnumerateArray().Select(i => (Person: p.Row["id"], Json: i)))
            .Select((x, i) => RowListSource.FromJson(i + 1, x.Json, new KeyValuePair<string, string?>("person", x.Person)));

        // Staff first (an organisation names its rep), then the organisations, their people, and everyone's chat identities.
        await import.LoadProgramDataAsync("people", path, people.Select(p => p.Row).Where(r => r["organisation"] is null), ct);
        await import.LoadProgramDataAsync("partners", path, organisations, ct);
        await import.LoadProgramDataAsync("people", path, people.Select(p => p.Row).Where(r => r["organisation"] is not null), ct);
        await import.LoadProgramDataAsync("identities", path, identities, ct);
    }
}
