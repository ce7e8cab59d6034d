using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ClosingDeals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "DealRegistrations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ContractValue",
                table: "DealRegistrations",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MonthlyRecurringRevenue",
                table: "DealRegistrations",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "DealRegistrations",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_ClosedAt",
                table: "DealRegistrations",
                column: "ClosedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealRegistrations_ClosedAt",
                table: "DealRegistrations");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "DealRegistrations");

            migrationBuilder.DropColumn(
                name: "ContractValue",
                table: "DealRegistrations");

            migrationBuilder.DropColumn(
                name: "MonthlyRecurringRevenue",
                table: "DealRegistrations");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "DealRegistrations");
        }
    }
}
