using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class ActivityPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Points",
                table: "CommissionLines",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PartnerActivities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Source = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    RecordedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerActivities", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerActivities_OrganisationId_On",
                table: "PartnerActivities",
                columns: new[] { "OrganisationId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerActivities_PersonId_Kind_On_Reference",
                table: "PartnerActivities",
                columns: new[] { "PersonId", "Kind", "On", "Reference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerActivities");

            migrationBuilder.DropColumn(
                name: "Points",
                table: "CommissionLines");
        }
    }
}
