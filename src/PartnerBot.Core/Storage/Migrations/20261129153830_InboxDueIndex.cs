using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InboxDueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Inbox_State_NextAttemptAt",
                table: "Inbox");

            migrationBuilder.CreateIndex(
                name: "IX_Inbox_Due",
                table: "Inbox",
                columns: new[] { "NextAttemptAt", "Id" },
                filter: "\"State\" IN ('Received', 'Answered')");

            migrationBuilder.CreateIndex(
                name: "IX_Inbox_Failed",
                table: "Inbox",
                column: "Id",
                filter: "\"State\" = 'Failed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Inbox_Due",
                table: "Inbox");

            migrationBuilder.DropIndex(
                name: "IX_Inbox_Failed",
                table: "Inbox");

            migrationBuilder.CreateIndex(
                name: "IX_Inbox_State_NextAttemptAt",
                table: "Inbox",
                columns: new[] { "State", "NextAttemptAt" });
        }
    }
}
