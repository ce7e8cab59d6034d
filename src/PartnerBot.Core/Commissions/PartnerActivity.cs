using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;

namespace PartnerBot.Commissions;

/// <summary>
/// Something a partner's person did that the program rewards with points (Program:Incentives:Points): a webinar attended,
/// a demo given. One row per event: the same person, kind, day and reference is one activity, however often it is recorded.
/// The commission job pays each once, as a points line whose event is the activity's id.
/// </summary>
public sealed class PartnerActivity : IAudited
{
    public required string Id { get; set; }
    public required string PersonId { get; set; }
    public required string OrganisationId { get; set; }
    /// <summary>A kind of Program:Incentives:Points:Activities ("webinar", "demo").</summary>
    public required string Kind { get; set; }
    public DateOnly On { get; set; }
    /// <summary>What it was ("Q4 launch webinar", a customer's name); empty when the kind says enough.</summary>
    public string Reference { get; set; } = "";
    /// <summary>"rep" (recorded in chat) or "import".</summary>
    public required string Source { get; set; }
    public string? RecordedById { get; set; }
}

internal sealed class PartnerActivityConfiguration : IEntityTypeConfiguration<PartnerActivity>
{
    public void Configure(EntityTypeBuilder<PartnerActivity> b)
    {
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.PersonId).HasMaxLength(64);
        b.Property(x => x.OrganisationId).HasMaxLength(64);
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Reference).HasMaxLength(100);
        b.Property(x => x.Source).HasMaxLength(10);
        b.Property(x => x.RecordedById).HasMaxLength(64);
        // One activity per person, kind, day and reference: recording it twice records nothing more.
        b.HasIndex(x => new { x.PersonId, x.Kind, x.On, x.Reference }).IsUnique();
        b.HasIndex(x => new { x.OrganisationId, x.On });
    }
}
