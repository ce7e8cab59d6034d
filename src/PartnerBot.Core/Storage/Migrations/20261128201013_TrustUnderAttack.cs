using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class TrustUnderAttack : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "DirectSalesAccounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "DealRegistrations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "AccountClaims",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 220, nullable: false),
                    DealRegistrationId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Until = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountClaims", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "ChangeCounters",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeCounters", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "SeenSignatures",
                columns: table => new
                {
                    Bucket = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeenSignatures", x => new { x.Bucket, x.Key });
                });

            migrationBuilder.InsertData(
                table: "ChangeCounters",
                columns: new[] { "Name", "Value" },
                values: new object[] { "deals", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_DirectSalesAccounts_Version",
                table: "DirectSalesAccounts",
                column: "Version");

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_Version",
                table: "DealRegistrations",
                column: "Version");

            migrationBuilder.CreateIndex(
                name: "IX_AccountClaims_DealRegistrationId",
                table: "AccountClaims",
                column: "DealRegistrationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountClaims");

            migrationBuilder.DropTable(
                name: "ChangeCounters");

            migrationBuilder.DropTable(
                name: "SeenSignatures");

            migrationBuilder.DropIndex(
                name: "IX_DirectSalesAccounts_Version",
                table: "DirectSalesAccounts");

            migrationBuilder.DropIndex(
                name: "IX_DealRegistrations_Version",
                table: "DealRegistrations");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "DirectSalesAccounts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "DealRegistrations");
        }
    }
}
