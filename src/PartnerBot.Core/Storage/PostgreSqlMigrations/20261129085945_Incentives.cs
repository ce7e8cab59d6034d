using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class Incentives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CommissionLines_DealId",
                table: "CommissionLines");

            migrationBuilder.AlterColumn<string>(
                name: "DealId",
                table: "CommissionLines",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<decimal>(
                name: "Credited",
                table: "CommissionLines",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IncentiveName",
                table: "CommissionLines",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "CommissionLines",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PersonId",
                table: "CommissionLines",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceEventId",
                table: "CommissionLines",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "Threshold",
                table: "CommissionLines",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            // Every line so far is the commission on a deal: its event is the deal.
            migrationBuilder.Sql("UPDATE \"CommissionLines\" SET \"Kind\" = 'Commission', \"SourceEventId\" = \"DealId\";");

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_DealId",
                table: "CommissionLines",
                column: "DealId");

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_Kind_SourceEventId",
                table: "CommissionLines",
                columns: new[] { "Kind", "SourceEventId" },
                unique: true);
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
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(20)",
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
