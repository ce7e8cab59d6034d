using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PartnerBot.Storage.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountClaims",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(220)", maxLength: 220, nullable: false),
                    DealRegistrationId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Until = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountClaims", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    EntityType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Changes = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Certifications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CourseId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Track = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CertifiedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RecordedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChangeCounters",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeCounters", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "CommissionLines",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    DealId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CompanyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WonOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    ContractValue = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Base = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    MonthlyRecurringRevenue = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Months = table.Column<int>(type: "integer", nullable: true),
                    Basis = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Tier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PartnerType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RatePercent = table.Column<decimal>(type: "numeric", nullable: false),
                    BonusPercent = table.Column<decimal>(type: "numeric", nullable: false),
                    BonusName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SharePercent = table.Column<decimal>(type: "numeric", nullable: false),
                    PayableFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ClawbackUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PayoutReference = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    ClawedBackOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommissionLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContentItems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Product = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    MinTier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Tags = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Track = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    AddedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ContentLastLooked",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LookedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentLastLooked", x => x.PersonId);
                });

            migrationBuilder.CreateTable(
                name: "ContentOpens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ContentItemId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContentOpens", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ConversationReferences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ConversationId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: true),
                    Data = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationReferences", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DialogStates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PersonId = table.Column<string>(type: "text", nullable: false),
                    ConversationKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    DialogName = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    StateJson = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DialogStates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DigestCharts",
                columns: table => new
                {
                    Token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecipientPersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    Light = table.Column<byte[]>(type: "bytea", nullable: true),
                    Dark = table.Column<byte[]>(type: "bytea", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestCharts", x => x.Token);
                });

            migrationBuilder.CreateTable(
                name: "DigestSubscriptions",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    ScheduledFrom = table.Column<long>(type: "bigint", nullable: false),
                    LastSlot = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestSubscriptions", x => x.PersonId);
                });

            migrationBuilder.CreateTable(
                name: "DirectSalesAccounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Domain = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectSalesAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Inbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DeliveryId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    LockedBy = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    LockedUntil = table.Column<long>(type: "bigint", nullable: true),
                    ResultJson = table.Column<string>(type: "text", nullable: true),
                    RepliesSent = table.Column<int>(type: "integer", nullable: false),
                    AnsweredInline = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CompletedAt = table.Column<long>(type: "bigint", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Inbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeDocuments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IngestedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeQuestions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AskedByPersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Question = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AskedAt = table.Column<long>(type: "bigint", nullable: false),
                    EscalatedAt = table.Column<long>(type: "bigint", nullable: true),
                    RepPersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AnsweredByPersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AnsweredAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeQuestions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MdfFunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    RolledOverAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    AmountComputed = table.Column<bool>(type: "boolean", nullable: false),
                    RolledIntoNext = table.Column<bool>(type: "boolean", nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    BasisRevenue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    BasisIsEstimate = table.Column<bool>(type: "boolean", nullable: false),
                    SetById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MdfFunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MdfPlans",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FundId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SubmittedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActivityType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: false),
                    RequestedAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ExpectedLeads = table.Column<int>(type: "integer", nullable: false),
                    ExpectedPipeline = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SubmittedAt = table.Column<long>(type: "bigint", nullable: false),
                    ApprovedAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    DecidedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ClaimedAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    LeadsGenerated = table.Column<int>(type: "integer", nullable: true),
                    ProofLinks = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ClaimedAt = table.Column<long>(type: "bigint", nullable: true),
                    ReimbursedAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    ReimbursedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReimbursedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MdfPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecipientPersonId = table.Column<string>(type: "text", nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReplyJson = table.Column<string>(type: "text", nullable: false),
                    DedupeKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LockedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LockedUntil = table.Column<long>(type: "bigint", nullable: true),
                    DeliveredAt = table.Column<long>(type: "bigint", nullable: true),
                    DeliveredVia = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    FailedAt = table.Column<long>(type: "bigint", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    DeliveryReference = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    UpdatesMessageId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedInbounds",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    InboundId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedInbounds", x => new { x.Channel, x.InboundId });
                });

            migrationBuilder.CreateTable(
                name: "SeenSignatures",
                columns: table => new
                {
                    Bucket = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeenSignatures", x => new { x.Bucket, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "WebChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConversationId = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    AuthorPersonId = table.Column<string>(type: "text", nullable: true),
                    VisibleToPersonId = table.Column<string>(type: "text", nullable: true),
                    Text = table.Column<string>(type: "text", nullable: true),
                    ReplyJson = table.Column<string>(type: "text", nullable: true),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebChatMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeChunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DocumentId = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    HeadingPath = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    SearchHeading = table.Column<string>(type: "text", nullable: false),
                    SearchBody = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeChunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_KnowledgeChunks_KnowledgeDocuments_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "KnowledgeDocuments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChannelIdentities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Tenant = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChannelIdentities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DealRegistrations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RegisteredByPersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CompanyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NormalizedName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Domain = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Website = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ContactName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    CloseDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Product = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReviewReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    RegisteredAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ProtectedUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    ExtensionsUsed = table.Column<int>(type: "integer", nullable: false),
                    ExtensionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ExtensionStatus = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ExtensionRequestedAt = table.Column<long>(type: "bigint", nullable: true),
                    ReviewerPersonId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<long>(type: "bigint", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ConflictingRegistrationIds = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ConflictingDirectAccountIds = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LastReminderDaysBefore = table.Column<int>(type: "integer", nullable: true),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ContractValue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    MonthlyRecurringRevenue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealRegistrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartnerOrganisations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Tier = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OwnerRepId = table.Column<string>(type: "character varying(64)", nullable: true),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Domain = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    JoinedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AnnualRevenue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    SalesCertifiedReps = table.Column<int>(type: "integer", nullable: false),
                    TechnicalCertifications = table.Column<int>(type: "integer", nullable: false),
                    CustomerReferences = table.Column<int>(type: "integer", nullable: false),
                    DedicatedPractice = table.Column<bool>(type: "boolean", nullable: false),
                    ExecutiveSponsor = table.Column<bool>(type: "boolean", nullable: false),
                    ClosedDealsBefore = table.Column<int>(type: "integer", nullable: false),
                    TierSince = table.Column<DateOnly>(type: "date", nullable: true),
                    TierGraceUntil = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerOrganisations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "character varying(64)", nullable: true),
                    Language = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DigestCadence = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DigestDay = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DigestHour = table.Column<int>(type: "integer", nullable: false),
                    Reminders = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NotifyChannel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    LastSeenAt = table.Column<long>(type: "bigint", nullable: true),
                    LastSeenChannel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
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

            migrationBuilder.InsertData(
                table: "ChangeCounters",
                columns: new[] { "Name", "Value" },
                values: new object[] { "deals", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_AccountClaims_DealRegistrationId",
                table: "AccountClaims",
                column: "DealRegistrationId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_At",
                table: "AuditLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_EntityType_EntityId",
                table: "AuditLog",
                columns: new[] { "EntityType", "EntityId" });

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
                name: "IX_ChannelIdentities_Channel_Tenant_UserId",
                table: "ChannelIdentities",
                columns: new[] { "Channel", "Tenant", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChannelIdentities_PersonId",
                table: "ChannelIdentities",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_DealId",
                table: "CommissionLines",
                column: "DealId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_PartnerOrganisationId_WonOn",
                table: "CommissionLines",
                columns: new[] { "PartnerOrganisationId", "WonOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CommissionLines_State_PayableFrom",
                table: "CommissionLines",
                columns: new[] { "State", "PayableFrom" });

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
                name: "IX_ConversationReferences_Channel_ConversationId",
                table: "ConversationReferences",
                columns: new[] { "Channel", "ConversationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConversationReferences_PersonId_Channel",
                table: "ConversationReferences",
                columns: new[] { "PersonId", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_ClosedAt",
                table: "DealRegistrations",
                column: "ClosedAt");

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

            migrationBuilder.CreateIndex(
                name: "IX_DealRegistrations_Version",
                table: "DealRegistrations",
                column: "Version");

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
                name: "IX_DigestCharts_ExpiresAt",
                table: "DigestCharts",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_DirectSalesAccounts_Version",
                table: "DirectSalesAccounts",
                column: "Version");

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

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeChunks_DocumentId",
                table: "KnowledgeChunks",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeChunks_Language",
                table: "KnowledgeChunks",
                column: "Language");

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
                name: "FK_DealRegistrations_PartnerOrganisations_PartnerOrganisationId",
                table: "DealRegistrations",
                column: "PartnerOrganisationId",
                principalTable: "PartnerOrganisations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_DealRegistrations_People_RegisteredByPersonId",
                table: "DealRegistrations",
                column: "RegisteredByPersonId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_PartnerOrganisations_People_OwnerRepId",
                table: "PartnerOrganisations",
                column: "OwnerRepId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // The search indexes EF Core cannot model (see KnowledgePostgreSqlSchema, EnablementPostgreSqlSchema).
            PartnerBot.Enablement.EnablementPostgreSqlSchema.Up(migrationBuilder);
            PartnerBot.Knowledge.KnowledgePostgreSqlSchema.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            PartnerBot.Knowledge.KnowledgePostgreSqlSchema.Down(migrationBuilder);
            PartnerBot.Enablement.EnablementPostgreSqlSchema.Down(migrationBuilder);

            migrationBuilder.DropForeignKey(
                name: "FK_PartnerOrganisations_People_OwnerRepId",
                table: "PartnerOrganisations");

            migrationBuilder.DropTable(
                name: "AccountClaims");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "Certifications");

            migrationBuilder.DropTable(
                name: "ChangeCounters");

            migrationBuilder.DropTable(
                name: "ChannelIdentities");

            migrationBuilder.DropTable(
                name: "CommissionLines");

            migrationBuilder.DropTable(
                name: "ContentItems");

            migrationBuilder.DropTable(
                name: "ContentLastLooked");

            migrationBuilder.DropTable(
                name: "ContentOpens");

            migrationBuilder.DropTable(
                name: "ConversationReferences");

            migrationBuilder.DropTable(
                name: "DealRegistrations");

            migrationBuilder.DropTable(
                name: "DialogStates");

            migrationBuilder.DropTable(
                name: "DigestCharts");

            migrationBuilder.DropTable(
                name: "DigestSubscriptions");

            migrationBuilder.DropTable(
                name: "DirectSalesAccounts");

            migrationBuilder.DropTable(
                name: "Inbox");

            migrationBuilder.DropTable(
                name: "KnowledgeChunks");

            migrationBuilder.DropTable(
                name: "KnowledgeQuestions");

            migrationBuilder.DropTable(
                name: "MdfFunds");

            migrationBuilder.DropTable(
                name: "MdfPlans");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "ProcessedInbounds");

            migrationBuilder.DropTable(
                name: "SeenSignatures");

            migrationBuilder.DropTable(
                name: "WebChatMessages");

            migrationBuilder.DropTable(
                name: "KnowledgeDocuments");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.DropTable(
                name: "PartnerOrganisations");
        }
    }
}
