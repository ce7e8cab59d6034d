using PartnerBot;
using PartnerBot.Host;
using PartnerBot.Host.WebChat;
using PartnerBot.Knowledge;
using PartnerBot.Storage;

var builder = WebApplication.CreateBuilder(args);

// The program's rules: the program folder's program.json, under appsettings and environment variables.
builder.Configuration.AddProgramRules();

// Problem details for every API error: a clear message, never a bare status.
builder.Services.AddProblemDetails();

// The product: program rules, storage, conversations, notifications.
builder.Services.AddPartnerBotCore(builder.Configuration.PartnerBotConnectionString(builder.Environment));

// The built-in web chat: the embedded default channel, for trying everything without credentials.
builder.Services.AddWebChat();

// The knowledge base and the program assistant: cited answers, offline when no model is configured.
builder.Services.AddKnowledge();

// GET /healthz answers 200 while the database answers.
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

// `ingest <folder>`: load a folder of knowledge documents into the database with progress, then exit.
if (args is ["ingest", ..]) { Environment.ExitCode = await KnowledgeCommandLine.IngestAsync(builder, args, Console.Out); return; }

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
