using PartnerBot.Importing;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// Loads direct-accounts.json (accounts direct sales own) and deals.json (demo registrations, so "my deals" and the
/// review queue are not empty on first run) through the importers. Rows already stored are left alone. Dates in
/// deals.json are relative to today ("registeredDaysAgo", "closeInDays") so the demo never goes stale.
/// </summary>
public sealed class DealsLoader(ImportRunner import) : IProgramDataLoader
{
    public int Order => 20;

    public async Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct)
    {
        foreach (var (file, kind) in new[] { ("direct-accounts.json", "direct-accounts"), ("deals.json", "deals") })
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            var rows = await RowListSource.ReadJsonListAsync(path, [], ct);
            await import.LoadProgramDataAsync(kind, path, rows.Select((r, i) => RowListSource.FromJson(i + 1, r)), ct);
        }
    }
}
