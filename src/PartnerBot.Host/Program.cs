using PartnerBot;
using PartnerBot.Deals;
using PartnerBot.Host;
using PartnerBot.Host.WebChat;
using PartnerBot.Storage;

var builder = WebApplication.CreateBuilder(args);

// The program's rules: the program folder's program.json, under appsettings and environment variables.
builder.Configuration.AddProgramRules();

// Problem details for every API error: a clear message, never a bare status.
builder.Services.AddProblemDetails();

// The product: program rules, storage, conversations, notifications.
builder.Services.AddPartnerBotCore(builder.Configuration.PartnerBotConnectionString(builder.Environment));

// Deal registration: register, conflicts, review, protection, reminders, expiry, extensions.
builder.Services.AddDeals();

// The built-in web chat: the embedded default channel, for trying everything without credentials.
builder.Services.AddWebChat();

// GET /healthz answers 200 while the database answers.
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

var app = builder.Build();

// Committed migrations, then the program folder's data (once).
await app.Services.MigrateAndLoadAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapWebChat();
app.MapHealthChecks("/healthz");

app.Run();

/// <summary>The host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
