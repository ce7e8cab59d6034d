using PartnerBot;
using PartnerBot.AccountMapping;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.Enablement;
using PartnerBot.Host;
using PartnerBot.Host.Api;
using PartnerBot.Integrations;
using PartnerBot.Host.Digests;
using PartnerBot.Host.Downloads;
using PartnerBot.Host.Enablement;
using PartnerBot.Host.Importing;
using PartnerBot.Host.Knowledge;
using PartnerBot.Host.WebChat;
using PartnerBot.Knowledge;
using PartnerBot.Leads;
using PartnerBot.Mdf;
using PartnerBot.Onboarding;
using PartnerBot.PartnerVoice;
using PartnerBot.Slack;
using PartnerBot.Storage;
using PartnerBot.Teams;
using PartnerBot.Tiers;
using PartnerBot.Webhooks;
using PartnerBot.Host.Webhooks;

var builder = WebApplication.CreateBuilder(args);

// The program's rules: the program folder's program.json, under appsettings and environment variables.
builder.Configuration.AddProgramRules();

// Problem details for every API error: a clear message, never a bare status.
builder.Services.AddProblemDetails();

// Bounds: Kestrel's request limits, malformed requests answered 4xx, a rate limit on the endpoints anyone can call.
builder.AddHostLimits();

// The product: program rules, storage, conversations, notifications.
builder.Services.AddPartnerBotCore(builder.Configuration.PartnerBotStorage(builder.Environment));

// Deal registration: register, conflicts, review, protection, reminders, expiry, extensions.
builder.Services.AddDeals();

// Digests for managers and reps: on a schedule per recipient, and on demand.
builder.Services.AddDigests();

// Enablement: the content library (search, what's new, tracked opens) and certifications.
builder.Services.AddEnablement();

// Market development funds: balance, plans, claims, the rep's decisions, reminders.
builder.Services.AddMdf();

// Tiers: the tier, its criteria, and its review (daily, and when a certification is recorded).
builder.Services.AddTiers();

// Commission: closing deals, statements, payouts, and the daily job that makes commission payable.
builder.Services.AddCommissions();

// Onboarding to a first deal: the journey's checklist, the partner's home, nudges and the digest's section.
builder.Services.AddOnboarding();
builder.Services.AddAccountMapping();

// Partner voice: the survey on a cadence (answers, comments, the digest's score) and the QBR pack with its CSV.
builder.Services.AddPartnerVoice();

// Lead distribution: leads imported or posted to the API, offered to the best partner in turn, accepted into registrations.
builder.Services.AddLeads();

// Outgoing webhooks: the program's events posted signed to subscribed systems, through the outbox.
builder.Services.AddWebhooks();

// The built-in web chat: the embedded default channel, for trying everything without credentials.
builder.Services.AddWebChat();

// Slack: Events API, slash command, interactivity, Socket Mode (only when Slack settings are present).
builder.Services.AddSlack();

// Microsoft Teams: the Bot Framework Activity protocol, Adaptive Cards and proactive messages.
builder.Services.AddTeams();

// The knowledge base and the program assistant: cited answers, offline when no model is configured.
builder.Services.AddKnowledge();

// Integrations: API keys, and the REST API's reads and writes through the capabilities' own services.
builder.Services.AddIntegrations();

// The REST API's OpenAPI document and reference page.
builder.Services.AddApiDocs();

// Traces, metrics and logs over OTLP when OpenTelemetry:Endpoint is set; Health:* for /healthz.
builder.AddTelemetry();

// GET /healthz answers 200 while the database answers (Degraded once a message has waited past
// Health:MaxUndeliveredAge), with the version and each check as JSON: counts and ages, never partner data.
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<QueueHealthCheck>("queues");

// `ingest <folder>`: load a folder of knowledge documents into the database with progress, then exit.
if (args is ["ingest", ..]) { Environment.ExitCode = await IngestCommandLine.IngestAsync(builder, args, Console.Out); return; }

// `apikeys create|list|revoke`: the REST API's keys; a new key is shown once.
if (args is ["apikeys", ..]) { Environment.ExitCode = await ApiKeysCommandLine.RunAsync(builder, args, Console.Out); return; }
// `import <kind> <file> [--partial]`: import partners, people, identities, direct accounts, deals or certifications
// from a CSV file with progress and a report of every refused row, then exit.
if (args is ["import", ..]) { Environment.ExitCode = await ImportCommandLine.ImportAsync(builder, args, Console.Out); return; }
// `webhooks add|list|remove|deliveries|replay`: manage subscriptions and their delivery log, then exit.
if (args is ["webhooks", ..]) { Environment.ExitCode = await WebhooksCommandLine.RunAsync(builder, args, Console.Out); return; }

var app = builder.Build();

// Committed migrations, then the program folder's data (once).
await app.Services.MigrateAndLoadAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
// The REST API's key is checked before the rate limiter, which counts per key.
app.UseApiKeys();
app.UseRateLimiter();
app.MapWebChat();
app.MapDigestCharts();
app.MapDownloads();
// POST /slack/events, /slack/commands, /slack/interactivity (mapped only when Slack:SigningSecret is set).
app.MapSlack();
// GET /content/{id}/open: records who opened which item, then redirects to it.
app.MapEnablement();
// POST /api/messages: Bot Framework activities from Teams (JWT-validated when Teams:MicrosoftAppId is set).
app.MapTeams();
// /api/v1/…: the REST API for integrations (API keys, scopes, one organisation or all); /openapi/v1.json, /scalar/v1.
app.MapApi();
app.MapApiDocs();
app.MapHealthChecks("/healthz", new() { ResponseWriter = HealthReportWriter.WriteAsync }).RequireRateLimiting(HostLimits.AnonymousPolicy);

// A warning when the host was started without runtime.env's settings (docs/operations.md).
app.WarnWhenRuntimeSettingsAreNotLoaded();

// One line once it listens: the version, where the web chat is, which channels are configured.
app.LogReadyLine();
app.Run();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
