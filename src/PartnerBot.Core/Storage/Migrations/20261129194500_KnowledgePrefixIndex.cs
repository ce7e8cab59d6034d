using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <summary>
    /// The knowledge FTS5 table with prefix indexes (see KnowledgeSchema.PrefixLengths), re-indexed from the chunks.
    /// SQLite only: PostgreSQL's tsvector has nothing like it. The EF model does not change, so there is no target
    /// model (Designer) to keep: the snapshot is InboxDueIndex's.
    /// </summary>
    [DbContext(typeof(PartnerBotDb))]
    [Migration("20261129194500_KnowledgePrefixIndex")]
    public partial class KnowledgePrefixIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            PartnerBot.Knowledge.KnowledgeSchema.Recreate(migrationBuilder, PartnerBot.Knowledge.KnowledgeSchema.PrefixLengths);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            PartnerBot.Knowledge.KnowledgeSchema.Recreate(migrationBuilder, prefix: null);
    }
}
