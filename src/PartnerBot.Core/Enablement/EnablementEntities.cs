using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;

namespace PartnerBot.Enablement;

/// <summary>One piece of enablement material: a deck, a case study, a course. Loaded from the program's content/ folder.</summary>
public sealed class ContentItem : IAudited
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    /// <summary>one-pager, deck, case-study, roi-calculator, email-template, call-script, competitor-comparison, training, certification.</summary>
    public required string Type { get; set; }
    public required string Product { get; set; }
    public required string Stage { get; set; }
    /// <summary>One of the program languages (en, ms, zh-Hans, pl).</summary>
    public required string Language { get; set; }
    /// <summary>The lowest tier (Program:Tiers name) whose partners may see it.</summary>
    public required string MinTier { get; set; }
    public required string Url { get; set; }
    /// <summary>Tags joined with ", ".</summary>
    public string Tags { get; set; } = "";
    /// <summary>For certification courses: "sales" or "technical" (what the certification counts toward).</summary>
    public string? Track { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>Someone opened an item through its tracked link: who, what, when (the enablement metrics come from these).</summary>
public sealed class ContentOpen
{
    public long Id { get; set; }
    public required string PersonId { get; set; }
    public string? OrganisationId { get; set; }
    public required string ContentItemId { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
}

/// <summary>When a person last asked "what's new".</summary>
public sealed class ContentLastLooked
{
    public required string PersonId { get; set; }
    public DateTimeOffset LookedAt { get; set; }
}

/// <summary>A person's certification in a course, with its expiry. Valid ones count toward tier criteria.</summary>
public sealed class Certification : IAudited
{
    public required string Id { get; set; }
    public required string PersonId { get; set; }
    public required string OrganisationId { get; set; }
    public required string CourseId { get; set; }
    /// <summary>"sales" or "technical", copied from the course.</summary>
    public required string Track { get; set; }
    public DateOnly CertifiedOn { get; set; }
    public DateOnly ExpiresOn { get; set; }
    /// <summary>"import", "rep" (recorded in chat) or "api".</summary>
    public required string Source { get; set; }
    public string? RecordedById { get; set; }

    public bool IsValidOn(DateOnly day) => CertifiedOn <= day && day < ExpiresOn;
}

internal sealed class ContentItemConfiguration : IEntityTypeConfiguration<ContentItem>
{
    public void Configure(EntityTypeBuilder<ContentItem> b)
    {
        // The FTS5 triggers in EnablementSchema name this table: keep the name fixed.
        b.ToTable("ContentItems");
        b.Property(x => x.Id).HasMaxLength(100);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.Property(x => x.Type).HasMaxLength(40);
        b.Property(x => x.Product).HasMaxLength(60);
        b.Property(x => x.Stage).HasMaxLength(40);
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.MinTier).HasMaxLength(40);
        b.Property(x => x.Url).HasMaxLength(1000);
        b.Property(x => x.Tags).HasMaxLength(1000);
        b.Property(x => x.Track).HasMaxLength(20);
        b.HasIndex(x => x.AddedAt);
    }
}

internal sealed class ContentOpenConfiguration : IEntityTypeConfiguration<ContentOpen>
{
    public void Configure(EntityTypeBuilder<ContentOpen> b)
    {
        b.ToTable("ContentOpens");
        b.Property(x => x.PersonId).HasMaxLength(64);
        b.Property(x => x.OrganisationId).HasMaxLength(64);
        b.Property(x => x.ContentItemId).HasMaxLength(100);
        b.HasIndex(x => new { x.ContentItemId, x.OpenedAt });
        b.HasIndex(x => new { x.OrganisationId, x.OpenedAt });
    }
}

internal sealed class ContentLastLookedConfiguration : IEntityTypeConfiguration<ContentLastLooked>
{
    public void Configure(EntityTypeBuilder<ContentLastLooked> b)
    {
        b.ToTable("ContentLastLooked");
        b.HasKey(x => x.PersonId);
        b.Property(x => x.PersonId).HasMaxLength(64);
    }
}

internal sealed class CertificationConfiguration : IEntityTypeConfiguration<Certification>
{
    public void Configure(EntityTypeBuilder<Certification> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.PersonId).HasMaxLength(64);
        b.Property(x => x.OrganisationId).HasMaxLength(64);
        b.Property(x => x.CourseId).HasMaxLength(100);
        b.Property(x => x.Track).HasMaxLength(20);
        b.Property(x => x.Source).HasMaxLength(20);
        b.Property(x => x.RecordedById).HasMaxLength(64);
        b.HasIndex(x => new { x.PersonId, x.CourseId, x.CertifiedOn }).IsUnique();
        b.HasIndex(x => new { x.OrganisationId, x.ExpiresOn });
    }
}
