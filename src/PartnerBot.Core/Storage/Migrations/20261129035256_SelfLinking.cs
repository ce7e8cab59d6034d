using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
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
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Linked"); // everyone the program knew before self-linking is linked

            migrationBuilder.CreateTable(
                name: "LinkRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeciderPersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Approved = table.Column<bool>(type: "INTEGER", nullable: true)
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
