using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Deals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DealRegistrations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegisteredByPersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    CloseDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ReviewReason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProtectedUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExtensionsUsed = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ExtensionStatus = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ExtensionRequestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewerPersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ConflictingRegistrationIds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ConflictingDirectAccountIds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastReminderDaysBefore = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealRegistrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DealRegistrations_PartnerOrganisations_PartnerOrganisationId",
                        column: x => x.PartnerOrganisationId,
                        principalTable: "PartnerOrganisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DealRegistrations_People_RegisteredByPersonId",
                        column: x => x.RegisteredByPersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DirectSalesAccounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectSalesAccounts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_Domain",
                table: "DealRegistrations",
                column: "Domain");

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_NormalizedName",
                table: "DealRegistrations",
                column: "NormalizedName");

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_PartnerOrganisationId_Status",
                table: "DealRegistrations",
                columns: new[] { "PartnerOrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_RegisteredByPersonId",
                table: "DealRegistrations",
                column: "RegisteredByPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_Status_ProtectedUntil",
                table: "DealRegistrations",
                columns: new[] { "Status", "ProtectedUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_UpdatedAt",
                table: "DealRegistrations",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DealRegistrations");

            migrationBuilder.DropTable(
                name: "DirectSalesAccounts");
        }
    }
}
