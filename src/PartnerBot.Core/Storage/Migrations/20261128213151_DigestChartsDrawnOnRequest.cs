using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DigestChartsDrawnOnRequest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a plain column in place (3.35 and later); EF's DropColumn would rebuild the table instead,
            // switching foreign keys off outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE \"DigestCharts\" DROP COLUMN \"Png\";");

            migrationBuilder.AddColumn<byte[]>(
                name: "Dark",
                table: "DigestCharts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Data",
                table: "DigestCharts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "Light",
                table: "DigestCharts",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Dark",
                table: "DigestCharts");

            migrationBuilder.DropColumn(
                name: "Data",
                table: "DigestCharts");

            migrationBuilder.DropColumn(
                name: "Light",
                table: "DigestCharts");

            migrationBuilder.AddColumn<byte[]>(
                name: "Png",
                table: "DigestCharts",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);
        }
    }
}
