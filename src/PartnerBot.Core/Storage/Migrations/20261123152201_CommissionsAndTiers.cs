using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class CommissionsAndTiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ClosedDealsBefore",
                table: "PartnerOrganisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "TierGraceUntil",
                table: "PartnerOrganisations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "TierSince",
                table: "PartnerOrganisations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CommissionLines",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    DealId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WonOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    ContractValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Base = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    MonthlyRecurringRevenue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Months = table.Column<int>(type: "INTEGER", nullable: true),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PartnerType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RatePercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    BonusPercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    BonusName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SharePercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    PayableFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClawbackUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PayoutReference = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    ClawedBackOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommissionLines", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_DealId",
                table: "CommissionLines",
                column: "DealId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_PartnerOrganisationId_WonOn",
                table: "CommissionLines",
                columns: new[] { "PartnerOrganisationId", "WonOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_State_PayableFrom",
                table: "CommissionLines",
                columns: new[] { "State", "PayableFrom" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommissionLines");

            migrationBuilder.DropColumn(
                name: "ClosedDealsBefore",
                table: "PartnerOrganisations");

            migrationBuilder.DropColumn(
                name: "TierGraceUntil",
                table: "PartnerOrganisations");

            migrationBuilder.DropColumn(
                name: "TierSince",
                table: "PartnerOrganisations");
        }
    }
}
