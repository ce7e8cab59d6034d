using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// Loads direct-accounts.json (accounts direct sales own) and deals.json (demo registrations, so "my deals" and the
/// review queue are not empty on first run). Rows already stored are left alone. Dates in deals.json are relative
/// to today ("registeredDaysAgo", "closeInDays") so the demo never goes stale.
/// </summary>
public sealed class DealsLoader(TimeProvider clock) : IProgramDataLoader
{
    public int Order => 20;

    public sealed record AccountRow(string Id, string Name, string? Domain, string? Owner);

    public sealed record DealRow(string Id, string Organisation, string RegisteredBy, string Company, string? Website, string? ContactName,
        string? ContactEmail, int CloseInDays, decimal? Amount, string? Currency, string? Product, string? Notes, DealStatus Status,
        int RegisteredDaysAgo, string? ReviewReason);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var accountsPath = Path.Combine(folder, "direct-accounts.json");
        if (File.Exists(accountsPath))
        {
            var rows = await ReadAsync<AccountRow>(accountsPath, ct);
            var known = (await db.DirectSalesAccounts.Select(a => a.Id).ToListAsync(ct)).ToHashSet();
            foreach (var a in rows.Where(a => !known.Contains(a.Id)))
                db.DirectSalesAccounts.Add(new DirectSalesAccount
                {
                    Id = a.Id, Name = a.Name, NormalizedName = CompanyNames.Normalize(a.Name),
                    Domain = CompanyNames.Domain(a.Domain), Owner = a.Owner, UpdatedAt = now,
                });
            await db.SaveChangesAsync(ct);
        }

        var dealsPath = Path.Combine(folder, "deals.json");
        if (!File.Exists(dealsPath)) return;
        var deals = await ReadAsync<DealRow>(dealsPath, ct);
        var knownDeals = (await db.DealRegistrations.Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        var orgs = await db.PartnerOrganisations.ToDictionaryAsync(o => o.Id, o => o.Tier, ct);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var d in deals.Where(d => !knownDeals.Contains(d.Id) && orgs.ContainsKey(d.Organisation)))
        {
            var registered = now.AddDays(-d.RegisteredDaysAgo);
            db.DealRegistrations.Add(new DealRegistration
            {
                Id = d.Id, PartnerOrganisationId = d.Organisation, RegisteredByPersonId = d.RegisteredBy,
                CompanyName = d.Company, NormalizedName = CompanyNames.Normalize(d.Company),
                Domain = CompanyNames.Domain(d.Website) ?? CompanyNames.Domain(d.ContactEmail), Website = d.Website,
                ContactName = d.ContactName, ContactEmail = d.ContactEmail, CloseDate = today.AddDays(d.CloseInDays),
                Amount = d.Amount, Currency = d.Currency ?? "USD", Product = d.Product, Notes = d.Notes, Status = d.Status,
                ReviewReason = d.ReviewReason, RegisteredAt = registered, UpdatedAt = now,
                ProtectedUntil = d.Status == DealStatus.Approved ? DateOnly.FromDateTime(registered.UtcDateTime).AddDays(90) : null,
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private static async Task<List<T>> ReadAsync<T>(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<List<T>>(stream, Json, ct) ?? throw new InvalidDataException($"{path} is empty.");
    }
}
