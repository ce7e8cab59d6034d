using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PartnerActivities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RecordedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
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
