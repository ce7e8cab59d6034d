using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Inbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DeliveryId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    RepliesSent = table.Column<int>(type: "INTEGER", nullable: false),
                    AnsweredInline = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Inbox", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Inbox_Channel_DeliveryId",
                table: "Inbox",
                columns: new[] { "Channel", "DeliveryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Inbox_ReceivedAt",
                table: "Inbox",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Inbox_State_NextAttemptAt",
                table: "Inbox",
                columns: new[] { "State", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Inbox");
        }
    }
}
