using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class EnablementAndMdf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Certifications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CourseId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Track = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RecordedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContentItems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Product = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    MinTier = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Track = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContentLastLooked",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LookedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentLastLooked", x => x.PersonId);
                });

            migrationBuilder.CreateTable(
                name: "ContentOpens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ContentItemId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentOpens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MdfFunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    RolledOverAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    AmountComputed = table.Column<bool>(type: "INTEGER", nullable: false),
                    RolledIntoNext = table.Column<bool>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Percent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    BasisRevenue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    BasisIsEstimate = table.Column<bool>(type: "INTEGER", nullable: false),
                    SetById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MdfFunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MdfPlans",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FundId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubmittedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActivityType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RequestedAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    ExpectedLeads = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpectedPipeline = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovedAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    DecidedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ClaimedAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    LeadsGenerated = table.Column<int>(type: "INTEGER", nullable: true),
                    ProofLinks = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReimbursedAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    ReimbursedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReimbursedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MdfPlans", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Certifications_OrganisationId_ExpiresOn",
                table: "Certifications",
                columns: new[] { "OrganisationId", "ExpiresOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Certifications_PersonId_CourseId_CertifiedOn",
                table: "Certifications",
                columns: new[] { "PersonId", "CourseId", "CertifiedOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContentItems_AddedAt",
                table: "ContentItems",
                column: "AddedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ContentOpens_ContentItemId_OpenedAt",
                table: "ContentOpens",
                columns: new[] { "ContentItemId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ContentOpens_OrganisationId_OpenedAt",
                table: "ContentOpens",
                columns: new[] { "OrganisationId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MdfFunds_OrganisationId_PeriodStart",
                table: "MdfFunds",
                columns: new[] { "OrganisationId", "PeriodStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MdfFunds_PeriodEnd",
                table: "MdfFunds",
                column: "PeriodEnd");

            migrationBuilder.CreateIndex(
                name: "IX_MdfPlans_FundId",
                table: "MdfPlans",
                column: "FundId");

            migrationBuilder.CreateIndex(
                name: "IX_MdfPlans_OrganisationId_Status",
                table: "MdfPlans",
                columns: new[] { "OrganisationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_MdfPlans_Status_EndDate",
                table: "MdfPlans",
                columns: new[] { "Status", "EndDate" });

            // The content search index (FTS5 tables and triggers): raw SQL kept beside the feature.
            PartnerBot.Enablement.EnablementSchema.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            PartnerBot.Enablement.EnablementSchema.Down(migrationBuilder);

            migrationBuilder.DropTable(
                name: "Certifications");

            migrationBuilder.DropTable(
                name: "ContentItems");

            migrationBuilder.DropTable(
                name: "ContentLastLooked");

            migrationBuilder.DropTable(
                name: "ContentOpens");

            migrationBuilder.DropTable(
                name: "MdfFunds");

            migrationBuilder.DropTable(
                name: "MdfPlans");
        }
    }
}
