using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerBot.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Changes = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConversationReferences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", nullable: true),
                    Data = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationReferences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DialogStates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PersonId = table.Column<string>(type: "TEXT", nullable: false),
                    ConversationKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    DialogName = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    StateJson = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DialogStates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecipientPersonId = table.Column<string>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReplyJson = table.Column<string>(type: "TEXT", nullable: false),
                    DedupeKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredVia = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FailedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedInbounds",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    InboundId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedInbounds", x => new { x.Channel, x.InboundId });
                });

            migrationBuilder.CreateTable(
                name: "WebChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    AuthorPersonId = table.Column<string>(type: "TEXT", nullable: true),
                    VisibleToPersonId = table.Column<string>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    ReplyJson = table.Column<string>(type: "TEXT", nullable: true),
                    OutboxMessageId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebChatMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChannelIdentities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<string>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Tenant = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelIdentities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartnerOrganisations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OwnerRepId = table.Column<string>(type: "TEXT", nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    JoinedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AnnualRevenue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    SalesCertifiedReps = table.Column<int>(type: "INTEGER", nullable: false),
                    TechnicalCertifications = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerReferences = table.Column<int>(type: "INTEGER", nullable: false),
                    DedicatedPractice = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExecutiveSponsor = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerOrganisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "TEXT", nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DigestCadence = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DigestDay = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DigestHour = table.Column<int>(type: "INTEGER", nullable: false),
                    Reminders = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    NotifyChannel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSeenChannel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                    table.ForeignKey(
                        name: "FK_People_PartnerOrganisations_PartnerOrganisationId",
                        column: x => x.PartnerOrganisationId,
                        principalTable: "PartnerOrganisations",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_At",
                table: "AuditLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_EntityType_EntityId",
                table: "AuditLog",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_ChannelIdentities_Channel_Tenant_UserId",
                table: "ChannelIdentities",
                columns: new[] { "Channel", "Tenant", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChannelIdentities_PersonId",
                table: "ChannelIdentities",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_Channel_ConversationId",
                table: "ConversationReferences",
                columns: new[] { "Channel", "ConversationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_PersonId_Channel",
                table: "ConversationReferences",
                columns: new[] { "PersonId", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_DialogStates_ExpiresAt",
                table: "DialogStates",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_DialogStates_PersonId_ConversationKey",
                table: "DialogStates",
                columns: new[] { "PersonId", "ConversationKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_DedupeKey",
                table: "Outbox",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_DeliveredAt_FailedAt_NextAttemptAt",
                table: "Outbox",
                columns: new[] { "DeliveredAt", "FailedAt", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerOrganisations_OwnerRepId",
                table: "PartnerOrganisations",
                column: "OwnerRepId");

            migrationBuilder.CreateIndex(
                name: "IX_People_PartnerOrganisationId",
                table: "People",
                column: "PartnerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedInbounds_ReceivedAt",
                table: "ProcessedInbounds",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WebChatMessages_ConversationId_Id",
                table: "WebChatMessages",
                columns: new[] { "ConversationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebChatMessages_OutboxMessageId",
                table: "WebChatMessages",
                column: "OutboxMessageId",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ChannelIdentities_People_PersonId",
                table: "ChannelIdentities",
                column: "PersonId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_PartnerOrganisations_People_OwnerRepId",
                table: "PartnerOrganisations",
                column: "OwnerRepId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_PartnerOrganisations_People_OwnerRepId",
                table: "PartnerOrganisations");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "ChannelIdentities");

            migrationBuilder.DropTable(
                name: "ConversationReferences");

            migrationBuilder.DropTable(
                name: "DialogStates");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "ProcessedInbounds");

            migrationBuilder.DropTable(
                name: "WebChatMessages");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.DropTable(
                name: "PartnerOrganisations");
        }
    }
}
