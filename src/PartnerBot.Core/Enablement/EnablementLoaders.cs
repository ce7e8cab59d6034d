using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Importing;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Enablement;

/// <summary>Loads the content catalog (content/*.json) once per item id: items already stored are left as they are.</summary>
public sealed class ContentLoader(TimeProvider clock, IOptions<ProgramOptions> program) : IProgramDataLoader
{
    public static readonly IReadOnlyList<string> Types =
        ["one-pager", "deck", "case-study", "roi-calculator", "email-template", "call-script", "competitor-comparison", "training", "certification"];
    public static readonly IReadOnlyList<string> Tracks = ["sales", "technical"];

    public int Order => 10;

    public sealed record Catalog(List<string>? Products, List<string>? Stages, List<Row> Items);

    public sealed record Row(string Id, string Title, string Summary, string Type, string Product, string Stage, string Language,
        string MinTier, string Url, List<string>? Tags, string? Track, DateOnly? Added, int? AddedDaysAgo);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct)
    {
        var dir = Path.Combine(folder, "content");
        if (!Directory.Exists(dir)) return;
        var known = (await db.ContentItems.Select(i => i.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            var catalog = await JsonSerializer.DeserializeAsync<Catalog>(stream, Json, ct) ?? throw new InvalidDataException($"{file} is empty.");
            foreach (var row in catalog.Items)
            {
                Validate(file, row);
                if (!known.Add(row.Id)) continue;
                db.ContentItems.Add(new ContentItem
                {
                    Id = row.Id, Title = row.Title.Trim(), Summary = row.Summary.Trim(), Type = row.Type, Product = row.Product,
                    Stage = row.Stage, Language = row.Language, MinTier = row.MinTier, Url = row.Url,
                    Tags = string.Join(", ", row.Tags ?? []), Track = row.Track,
                    AddedAt = row.Added is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                        : now.AddDays(-(row.AddedDaysAgo ?? 0)),
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private void Validate(string file, Row row)
    {
        string? problem = null;
        if (string.IsNullOrWhiteSpace(row.Id) || row.Id.Length > 100) problem = "id is empty or longer than 100 characters";
        else if (string.IsNullOrWhiteSpace(row.Title) || string.IsNullOrWhiteSpace(row.Summary)) problem = "title and summary are required";
        else if (!Types.Contains(row.Type)) problem = $"type '{row.Type}' is not one of {string.Join(", ", Types)}";
        else if (!Languages.All.Contains(row.Language)) problem = $"language '{row.Language}' is not one of {string.Join(", ", Languages.All)}";
        else if (program.Value.FindTier(row.MinTier) is null) problem = $"minTier '{row.MinTier}' is not a tier in Program:Tiers";
        else if (!Uri.TryCreate(row.Url, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps) problem = "url must be an https address";
        else if (row.Type == "certification" && !Tracks.Contains(row.Track ?? "")) problem = "a certification needs track 'sales' or 'technical'";
        if (problem is not null) throw new InvalidDataException($"{file}: item '{row.Id}': {problem}.");
    }
}

/// <summary>Loads certifications.json through the certification importer: each (person, course, date) once.</summary>
public sealed class CertificationLoader(ImportRunner import) : IProgramDataLoader
{
    public int Order => 20;

    public async Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, "certifications.json");
        if (!System.IO.File.Exists(path)) return;
        var rows = await RowListSource.ReadJsonListAsync(path, ["certifications"], ct);
        await import.LoadProgramDataAsync("certifications", path, rows.Select((r, i) => RowListSource.FromJson(i + 1, r)), ct);
    }
}
