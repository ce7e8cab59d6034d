using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PartnerBot.Storage.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class SelfLinking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LinkState",
                table: "People",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "Linked"); // everyone the program knew before self-linking is linked

            migrationBuilder.CreateTable(
                name: "LinkRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    RequestedAt = table.Column<long>(type: "bigint", nullable: false),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: true),
                    DeciderPersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Approved = table.Column<bool>(type: "boolean", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkRequests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LinkRequests_PersonId",
                table: "LinkRequests",
                column: "PersonId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LinkRequests");

            migrationBuilder.DropColumn(
                name: "LinkState",
                table: "People");
        }
    }
}
