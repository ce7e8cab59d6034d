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
                name: "CommissionLines",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    DealId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WonOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    ContractValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Base = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    MonthlyRecurringRevenue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Months = table.Column<int>(type: "INTEGER", nullable: true),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PartnerType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RatePercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    BonusPercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    BonusName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SharePercent = table.Column<decimal>(type: "TEXT", nullable: false),
                    PayableFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClawbackUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PayoutReference = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    ClawedBackOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommissionLines", x => x.Id);
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
                name: "DigestCharts",
                columns: table => new
                {
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecipientPersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Png = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestCharts", x => x.Token);
                });

            migrationBuilder.CreateTable(
                name: "DigestSubscriptions",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ScheduledFrom = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSlot = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestSubscriptions", x => x.PersonId);
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

            migrationBuilder.CreateTable(
                name: "KnowledgeDocuments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IngestedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeDocuments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "KnowledgeQuestions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AskedByPersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PartnerOrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Question = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AskedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RepPersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AnsweredByPersonId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_KnowledgeQuestions", x => x.Id);
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
                name: "KnowledgeChunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DocumentId = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    HeadingPath = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    SearchHeading = table.Column<string>(type: "TEXT", nullable: false),
                    SearchBody = table.Column<string>(type: "TEXT", nullable: false)
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
                    LastReminderDaysBefore = table.Column<int>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ContractValue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    MonthlyRecurringRevenue = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealRegistrations", x => x.Id);
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
                    ExecutiveSponsor = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClosedDealsBefore = table.Column<int>(type: "INTEGER", nullable: false),
                    TierSince = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TierGraceUntil = table.Column<long>(type: "INTEGER", nullable: true)
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

            // The hand-written full-text search SQL EF Core cannot model (FTS5 tables and the triggers that keep them in
            // step), kept beside each feature so it survives this migration being regenerated.
            PartnerBot.Enablement.EnablementSchema.Up(migrationBuilder);
            PartnerBot.Knowledge.KnowledgeSchema.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            PartnerBot.Knowledge.KnowledgeSchema.Down(migrationBuilder);
            PartnerBot.Enablement.EnablementSchema.Down(migrationBuilder);

            migrationBuilder.DropForeignKey(
                name: "FK_PartnerOrganisations_People_OwnerRepId",
                table: "PartnerOrganisations");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "Certifications");

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
