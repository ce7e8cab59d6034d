using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.People;

/// <summary>
/// Loads partner organisations, people and their chat identities from people.json, once: organisations and people
/// already stored are left as they are (a person's changed settings survive a restart).
/// </summary>
public sealed class PeopleLoader(TimeProvider clock) : IProgramDataLoader
{
    public int Order => 0;

    public sealed record File(List<OrgRow> Organisations, List<PersonRow> People);

    public sealed record OrgRow(string Id, string Name, PartnerType Type, string Tier, string? OwnerRep, string? Country,
        string? Domain, DateOnly? JoinedOn, int? JoinedDaysAgo, decimal AnnualRevenue, int SalesCertifiedReps,
        int TechnicalCertifications, int CustomerReferences, bool DedicatedPractice, bool ExecutiveSponsor, int ClosedDeals = 0);

    public sealed record PersonRow(string Id, string Name, string? Email, Role Role, string? Organisation,
        string? Language, string? TimeZone, List<IdentityRow>? Identities);

    public sealed record IdentityRow(string Channel, string Tenant, string UserId);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, "people.json");
        if (!System.IO.File.Exists(path)) return;
        await using var stream = System.IO.File.OpenRead(path);
        var file = await JsonSerializer.DeserializeAsync<File>(stream, Json, ct)
            ?? throw new InvalidDataException($"{path} is empty.");

        var knownPeople = (await db.People.Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        var knownOrgs = (await db.PartnerOrganisations.Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        // Staff first: organisations point at their owning rep.
        foreach (var row in file.People.Where(p => p.Organisation is null && !knownPeople.Contains(p.Id)))
            db.People.Add(ToPerson(row));
        await db.SaveChangesAsync(ct);

        foreach (var o in file.Organisations.Where(o => !knownOrgs.Contains(o.Id)))
        {
            db.PartnerOrganisations.Add(new PartnerOrganisation
            {
                Id = o.Id, Name = o.Name, Type = o.Type, Tier = o.Tier, OwnerRepId = o.OwnerRep, Country = o.Country,
                Domain = o.Domain, JoinedOn = o.JoinedOn ?? today.AddDays(-(o.JoinedDaysAgo ?? 365)),
                AnnualRevenue = o.AnnualRevenue, SalesCertifiedReps = o.SalesCertifiedReps,
                TechnicalCertifications = o.TechnicalCertifications, CustomerReferences = o.CustomerReferences,
                DedicatedPractice = o.DedicatedPractice, ExecutiveSponsor = o.ExecutiveSponsor,
                ClosedDealsBefore = o.ClosedDeals, TierSince = today.AddDays(-Math.Min(o.JoinedDaysAgo ?? 365, 200)),
            });
        }
        foreach (var row in file.People.Where(p => p.Organisation is not null && !knownPeople.Contains(p.Id)))
            db.People.Add(ToPerson(row));
        await db.SaveChangesAsync(ct);
    }

    private static Person ToPerson(PersonRow row) => new()
    {
        Id = row.Id,
        DisplayName = row.Name,
        Email = row.Email,
        Role = row.Role,
        PartnerOrganisationId = row.Organisation,
        Preferences = new Preferences
        {
            Language = row.Language ?? Languages.English,
            TimeZone = row.TimeZone ?? "UTC",
        },
        Identities = (row.Identities ?? [])
            .Select(i => new ChannelIdentity { PersonId = row.Id, Channel = i.Channel, Tenant = i.Tenant, UserId = i.UserId })
            .ToList(),
    };
}
