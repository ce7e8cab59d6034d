using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Incentives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite cannot make DealId nullable in place, and EF's rebuild of the table would switch foreign keys off
            // outside the migration's transaction. The table has no foreign keys either way, so it is rebuilt here,
            // inside the transaction: every line so far is the commission on a deal, whose event is the deal.
            migrationBuilder.Sql(@"CREATE TABLE ""ef_temp_CommissionLines"" (
    ""Id"" TEXT NOT NULL CONSTRAINT ""PK_CommissionLines"" PRIMARY KEY,
    ""Amount"" TEXT NOT NULL,
    ""Base"" TEXT NOT NULL,
    ""Basis"" TEXT NOT NULL,
    ""BonusName"" TEXT NULL,
    ""BonusPercent"" TEXT NOT NULL,
    ""ClawbackUntil"" TEXT NOT NULL,
    ""ClawedBackOn"" TEXT NULL,
    ""CompanyName"" TEXT NOT NULL,
    ""ContractValue"" TEXT NOT NULL,
    ""Credited"" TEXT NULL,
    ""Currency"" TEXT NOT NULL,
    ""DealId"" TEXT NULL,
    ""IncentiveName"" TEXT NULL,
    ""Kind"" TEXT NOT NULL,
    ""MonthlyRecurringRevenue"" TEXT NULL,
    ""Months"" INTEGER NULL,
    ""PaidOn"" TEXT NULL,
    ""PartnerOrganisationId"" TEXT NOT NULL,
    ""PartnerType"" TEXT NOT NULL,
    ""PayableFrom"" TEXT NOT NULL,
    ""PayoutReference"" TEXT NULL,
    ""PersonId"" TEXT NULL,
    ""RatePercent"" TEXT NOT NULL,
    ""SharePercent"" TEXT NOT NULL,
    ""Source"" TEXT NOT NULL,
    ""SourceEventId"" TEXT NOT NULL,
    ""State"" TEXT NOT NULL,
    ""Threshold"" TEXT NULL,
    ""Tier"" TEXT NOT NULL,
    ""WonOn"" TEXT NOT NULL
);");
            migrationBuilder.Sql(@"INSERT INTO ""ef_temp_CommissionLines"" (""Id"", ""Amount"", ""Base"", ""Basis"", ""BonusName"", ""BonusPercent"", ""ClawbackUntil"", ""ClawedBackOn"", ""CompanyName"", ""ContractValue"", ""Currency"", ""DealId"", ""MonthlyRecurringRevenue"", ""Months"", ""PaidOn"", ""PartnerOrganisationId"", ""PartnerType"", ""PayableFrom"", ""PayoutReference"", ""RatePercent"", ""SharePercent"", ""Source"", ""State"", ""Tier"", ""WonOn"", ""Kind"", ""SourceEventId"")
SELECT ""Id"", ""Amount"", ""Base"", ""Basis"", ""BonusName"", ""BonusPercent"", ""ClawbackUntil"", ""ClawedBackOn"", ""CompanyName"", ""ContractValue"", ""Currency"", ""DealId"", ""MonthlyRecurringRevenue"", ""Months"", ""PaidOn"", ""PartnerOrganisationId"", ""PartnerType"", ""PayableFrom"", ""PayoutReference"", ""RatePercent"", ""SharePercent"", ""Source"", ""State"", ""Tier"", ""WonOn"", 'Commission', ""DealId"" FROM ""CommissionLines"";");
            migrationBuilder.Sql(@"DROP TABLE ""CommissionLines"";");
            migrationBuilder.Sql(@"ALTER TABLE ""ef_temp_CommissionLines"" RENAME TO ""CommissionLines"";");

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_DealId",
                table: "CommissionLines",
                column: "DealId");

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_Kind_SourceEventId",
                table: "CommissionLines",
                columns: new[] { "Kind", "SourceEventId" },
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
            migrationBuilder.DropIndex(
                name: "IX_CommissionLines_DealId",
                table: "CommissionLines");

            migrationBuilder.DropIndex(
                name: "IX_CommissionLines_Kind_SourceEventId",
                table: "CommissionLines");

            migrationBuilder.DropColumn(
                name: "Credited",
                table: "CommissionLines");

            migrationBuilder.DropColumn(
                name: "IncentiveName",
                table: "CommissionLines");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "CommissionLines");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "CommissionLines");

            migrationBuilder.DropColumn(
                name: "SourceEventId",
                table: "CommissionLines");

            migrationBuilder.DropColumn(
                name: "Threshold",
                table: "CommissionLines");

            migrationBuilder.AlterColumn<string>(
                name: "DealId",
                table: "CommissionLines",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 20,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_DealId",
                table: "CommissionLines",
                column: "DealId",
                unique: true);
        }
    }
}
