using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PartnerBot.Knowledge;

/// <summary>One Markdown file of the knowledge base, as last ingested. <see cref="Id"/> is its path under the folder.</summary>
public sealed class KnowledgeDocument
{
    /// <summary>The path relative to the knowledge folder, with '/' separators ("pl/tiers.md").</summary>
    public required string Id { get; set; }
    /// <summary>The topic shared by a document's translations ("tiers"): the file name without extension or language.</summary>
    public required string Slug { get; set; }
    public required string Language { get; set; }
    public required string Title { get; set; }
    /// <summary>SHA-256 of the file's bytes: a document is re-ingested only when this changes.</summary>
    public required string ContentHash { get; set; }
    public DateTimeOffset IngestedAt { get; set; }
    public List<KnowledgeChunk> Chunks { get; set; } = [];
}

/// <summary>A section of a document, cut at its headings. Indexed by the FTS5 table KnowledgeFts (see <see cref="KnowledgeSchema"/>).</summary>
public sealed class KnowledgeChunk
{
    public long Id { get; set; }
    public required string DocumentId { get; set; }
    public required string Slug { get; set; }
    public required string Language { get; set; }
    public int Ordinal { get; set; }
    /// <summary>"Tiers and criteria › Gold › What Gold needs": the document title and the headings above the text.</summary>
    public required string HeadingPath { get; set; }
    public required string Text { get; set; }
    /// <summary>The heading path and text as the index sees them (folded case and accents, Chinese as bigrams).</summary>
    public required string SearchHeading { get; set; }
    public required string SearchBody { get; set; }
}

public enum KnowledgeQuestionStatus { NotFound, Escalated, Answered }

/// <summary>A question the knowledge base could not answer; the asker may pass it to their organisation's rep.</summary>
public sealed class KnowledgeQuestion : Audit.IAudited
{
    public required string Id { get; set; }
    public required string AskedByPersonId { get; set; }
    public string? PartnerOrganisationId { get; set; }
    public required string Question { get; set; }
    public required string Language { get; set; }
    public KnowledgeQuestionStatus Status { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public string? RepPersonId { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredByPersonId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>How the assistant dealt with a question: answered from the documents (or the asker's records), or declined.</summary>
public enum AnswerOutcome { Answered, Declined }

/// <summary>What the asker said of an answer.</summary>
public enum AnswerRating { Helpful, NotHelpful, DidNotAnswer }

/// <summary>
/// One answer the assistant gave a person: the question, who asked (and their organisation), in which language, what
/// it cited, and the asker's rating of it. Only the asker rates it (one rating, changed by pressing again), so the
/// rating lives on the answer: two presses at once still leave one. Declined questions are kept too: with the answers
/// rated unhelpful, they are the program's content gaps (the manager's digest).
/// </summary>
public sealed class KnowledgeAnswer
{
    public required string Id { get; set; }
    public required string AskedByPersonId { get; set; }
    public string? PartnerOrganisationId { get; set; }
    public required string Question { get; set; }
    public required string Language { get; set; }
    public AnswerOutcome Outcome { get; set; }
    /// <summary>The passages and records the answer cites, one "document § section" a line.</summary>
    public required string Sources { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public AnswerRating? Rating { get; set; }
    public DateTimeOffset? RatedAt { get; set; }
}

internal sealed class KnowledgeDocumentConfiguration : IEntityTypeConfiguration<KnowledgeDocument>
{
    public void Configure(EntityTypeBuilder<KnowledgeDocument> b)
    {
        b.Property(x => x.Id).HasMaxLength(400);
        b.Property(x => x.Slug).HasMaxLength(200);
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.HasMany(x => x.Chunks).WithOne().HasForeignKey(x => x.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KnowledgeChunkConfiguration : IEntityTypeConfiguration<KnowledgeChunk>
{
    public void Configure(EntityTypeBuilder<KnowledgeChunk> b)
    {
        b.Property(x => x.DocumentId).HasMaxLength(400);
        b.Property(x => x.Slug).HasMaxLength(200);
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.HeadingPath).HasMaxLength(1000);
        b.HasIndex(x => x.Language);
    }
}

internal sealed class KnowledgeQuestionConfiguration : IEntityTypeConfiguration<KnowledgeQuestion>
{
    public void Configure(EntityTypeBuilder<KnowledgeQuestion> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.AskedByPersonId).HasMaxLength(64);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.RepPersonId).HasMaxLength(64);
        b.Property(x => x.AnsweredByPersonId).HasMaxLength(64);
        b.Property(x => x.Question).HasMaxLength(4000);
        b.Property(x => x.Answer).HasMaxLength(4000);
    }
}

internal sealed class KnowledgeAnswerConfiguration : IEntityTypeConfiguration<KnowledgeAnswer>
{
    public void Configure(EntityTypeBuilder<KnowledgeAnswer> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.AskedByPersonId).HasMaxLength(64);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.Language).HasMaxLength(10);
        b.Property(x => x.Question).HasMaxLength(4000);
        b.Property(x => x.Sources).HasMaxLength(4000);
        // The digest reads a period's answers.
        b.HasIndex(x => x.AnsweredAt);
    }
}
