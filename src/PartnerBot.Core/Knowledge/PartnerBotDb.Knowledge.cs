using Microsoft.EntityFrameworkCore;
using PartnerBot.Knowledge;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<KnowledgeDocument> KnowledgeDocuments => Set<KnowledgeDocument>();
    public DbSet<KnowledgeChunk> KnowledgeChunks => Set<KnowledgeChunk>();
    public DbSet<KnowledgeQuestion> KnowledgeQuestions => Set<KnowledgeQuestion>();
    public DbSet<KnowledgeAnswer> KnowledgeAnswers => Set<KnowledgeAnswer>();
}
