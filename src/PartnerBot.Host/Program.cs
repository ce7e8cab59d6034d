using PartnerBot;
using PartnerBot.Host;
using PartnerBot.Host.WebChat;
using PartnerBot.Storage;
using PartnerBot.Teams;

var builder = WebApplication.CreateBuilder(args);

// The program's rules: the program folder's program.json, under appsettings and environment variables.
builder.Configuration.AddProgramRules();

// Problem details for every API error: a clear message, never a bare status.
builder.Services.AddProblemDetails();

// The product: program rules, storage, conversations, notifications.
builder.Services.AddPartnerBotCore(builder.Configuration.PartnerBotConnectionString(builder.Environment));

// The built-in web chat: the embedded default channel, for trying everything without credentials.
builder.Services.AddWebChat();

// Microsoft Teams: the Bot Framework Activity protocol, Adaptive Cards and proactive messages.
builder.Services.AddTeams();

// GET /healthz answers 200 while the database answers.
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

var app = builder.Build();

// Committed migrations, then the program folder's data (once).
await app.Services.MigrateAndLoadAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapWebChat();
// POST /api/messages: Bot Framework activities from Teams (JWT-validated when Teams:MicrosoftAppId is set).
app.MapTeams();
app.MapHealthChecks("/healthz");

app.Run();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
