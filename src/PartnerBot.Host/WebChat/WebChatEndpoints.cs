using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Host.WebChat;

public sealed record WebChatPersonDto(string Id, string Name, string Role, string? Organisation, string Language);
public sealed record WebChatRoomDto(string Id, string Name, string Kind, string Description);
public sealed record WebChatMessageDto(long Id, string? AuthorId, string AuthorName, bool Mine, bool Private, string? Text, string? Html, DateTimeOffset At);
/// <param name="Words">The chat window's own words (the privacy marker, the composer) in the viewer's language, as of this answer.</param>
public sealed record WebChatMessagesDto(IReadOnlyList<WebChatMessageDto> Messages, WebChatWordsDto Words);
public sealed record WebChatWordsDto(string Private, string Send, string Placeholder, string Empty);
public sealed record WebChatActionDto(string? Name, Dictionary<string, JsonElement>? Values);
public sealed record WebChatStatusDto(string? Notice);
public sealed record WebChatPostDto(string? Text, WebChatActionDto? Action, string? Label, string? ClientMessageId);

/// <summary>
/// The web chat: a page at / and a small JSON API under /api/webchat. A person is picked by id (the demo's web
/// identities); each message goes through the same conversation engine as Slack and Teams.
/// </summary>
public static partial class WebChatEndpoints
{
    public static IServiceCollection AddWebChat(this IServiceCollection services)
    {
        services.AddOptions<WebChatOptions>().BindConfiguration(WebChatOptions.Section)
            .PostConfigure<IHostEnvironment>((o, env) => o.Enabled ??= env.IsDevelopment());
        services.AddScoped<WebChatRooms>();
        services.AddSingleton<WebChatRenderer>();
        services.AddChannelSender<WebChatSender>();
        return services;
    }

    public static WebApplication MapWebChat(this WebApplication app)
    {
        var exposed = !app.Environment.IsDevelopment();
        if (!app.Services.GetRequiredService<IOptions<WebChatOptions>>().Value.IsOn)
        {
            // Off: the page says how to switch it on rather than answering 404.
            app.MapGet("/", () => TypedResults.Content(OffPage, "text/html; charset=utf-8")).ExcludeFromDescription();
            return app;
        }
        if (exposed) Log.Enabled(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerBot.WebChat"));
        app.UseDefaultFiles();
        app.UseStaticFiles();

        var api = app.MapGroup("/api/webchat").WithTags("Web chat").RequireRateLimiting(HostLimits.AnonymousPolicy);
        // The page shows this notice when the chat is switched on outside Development.
        api.MapGet("/status", () => TypedResults.Ok(new WebChatStatusDto(exposed ? Notice : null)));
        api.MapGet("/people", ListPeopleAsync);
        api.MapGet("/people/{personId}/conversations", ListRoomsAsync);
        api.MapGet("/conversations/{conversationId}/messages", ReadAsync);
        api.MapPost("/conversations/{conversationId}/messages", PostAsync);
        return app;
    }

    private const string Notice =
        "This web chat is switched on outside Development (WebChat:Enabled): anyone who can reach this page can talk as any person listed. " +
        "Keep it behind your staff network or single sign-on.";

    private const string OffPage = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>PartnerBot</title></head>
        <body><h1>PartnerBot</h1><p>The web chat is off. It is on in Development; elsewhere set <code>WebChat:Enabled=true</code>
        and expose it to staff only (see the README).</p></body></html>
        """;

    private static async Task<Ok<WebChatPersonDto[]>> ListPeopleAsync(PartnerBotDb db, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking()
            .Where(p => p.Identities.Any(i => i.Channel == Channels.Web && i.Tenant == WebChatRooms.Tenant))
            .Select(p => new { p.Id, p.DisplayName, p.Role, Org = p.PartnerOrganisation == null ? null : p.PartnerOrganisation.Name, p.Preferences.Language })
            .ToListAsync(ct);
        return TypedResults.Ok(people
            .OrderBy(p => p.Role).ThenBy(p => p.Org).ThenBy(p => p.DisplayName)
            .Select(p => new WebChatPersonDto(p.Id, p.DisplayName, p.Role.ToString(), p.Org, p.Language)).ToArray());
    }

    private static async Task<Results<Ok<WebChatRoomDto[]>, ProblemHttpResult>> ListRoomsAsync(
        string personId, PartnerBotDb db, WebChatRooms rooms, CancellationToken ct)
    {
        var person = await FindPersonAsync(db, personId, ct);
        if (person is null) return UnknownPerson(personId);
        var list = await rooms.ForAsync(person, ct);
        return TypedResults.Ok(list.Select(r => new WebChatRoomDto(r.Id, r.Name, r.Kind.ToString(), r.Description)).ToArray());
    }

    private static async Task<Results<Ok<WebChatMessagesDto>, ProblemHttpResult>> ReadAsync(
        string conversationId, string? @as, long? after, PartnerBotDb db, WebChatRooms rooms, WebChatRenderer renderer, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(@as)) return MissingAs();
        var person = await FindPersonAsync(db, @as, ct);
        if (person is null) return UnknownPerson(@as);
        if (await rooms.FindAsync(person, conversationId, ct) is null) return NotInConversation(conversationId);

        var since = after ?? 0;
        var rows = await db.WebChatMessages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Id > since &&
                        (m.VisibleToPersonId == null || m.VisibleToPersonId == person.Id))
            .OrderByDescending(m => m.Id).Take(200).ToListAsync(ct);
        rows.Reverse();
        return TypedResults.Ok(new WebChatMessagesDto(await ToDtosAsync(db, renderer, person, rows, ct), renderer.Words(person.Preferences.Language)));
    }

    private static async Task<Results<Ok<WebChatMessagesDto>, ProblemHttpResult>> PostAsync(
        string conversationId, string? @as, HttpRequest request, PartnerBotDb db, WebChatRooms rooms,
        WebChatRenderer renderer, ConversationEngine engine, IOptions<WebChatOptions> options,
        IOptions<ConversationOptions> conversationOptions, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(@as)) return MissingAs();
        var person = await FindPersonAsync(db, @as, ct);
        if (person is null) return UnknownPerson(@as);
        var room = await rooms.FindAsync(person, conversationId, ct);
        if (room is null) return NotInConversation(conversationId);

        var (body, problem) = await JsonBody.ReadAsync<WebChatPostDto>(request, options.Value.MaxBodyBytes, Notifier.Json, "a chat message", ct);
        if (problem is not null) return problem;
        var action = body!.Action;
        if (action is not null && string.IsNullOrWhiteSpace(action.Name))
            return TypedResults.Problem("An action needs a name, such as \"dialog.submit\" or \"command\".", statusCode: 400, title: "Invalid action");
        if (action is null && body.Text is null)
            return TypedResults.Problem("Send {\"text\": \"...\"} to say something, or {\"action\": {\"name\": ..., \"values\": {...}}} to press a button.", statusCode: 400, title: "Nothing to send");

        var turn = new Turn
        {
            User = new ChannelUser(Channels.Web, WebChatRooms.Tenant, person.Id) { DisplayName = person.DisplayName },
            Conversation = new ConversationAddress(Channels.Web, room.Id, room.Kind) { Tenant = WebChatRooms.Tenant },
            Text = body.Text,
            Action = action is null ? null : new ActionInvocation(action.Name!, Flatten(action.Values)),
            Locale = request.Headers.AcceptLanguage.FirstOrDefault()?.Split(',')[0],
            InboundId = string.IsNullOrWhiteSpace(body.ClientMessageId) ? null : body.ClientMessageId[..Math.Min(100, body.ClientMessageId.Length)],
        };
        var result = await engine.HandleAsync(turn, ct);
        if (result.Duplicate) return TypedResults.Ok(new WebChatMessagesDto([], renderer.Words(person.Preferences.Language)));

        // The transcript: what the person said (if it was a message we accepted), then what the bot answered.
        var now = clock.GetUtcNow();
        var added = new List<WebChatMessage>();
        var said = action is not null ? body.Label ?? action.Name : body.Text;
        if (!string.IsNullOrWhiteSpace(said) && said.Length <= conversationOptions.Value.MaxMessageLength)
            added.Add(new WebChatMessage { ConversationId = room.Id, AuthorPersonId = person.Id, Text = action is not null ? $"› {Truncate(said, 100)}" : said, CreatedAt = now });
        foreach (var reply in result.Replies)
        {
            added.Add(new WebChatMessage
            {
                ConversationId = room.Id,
                VisibleToPersonId = reply.Visibility == Visibility.Asker && room.Kind != ConversationKind.Personal ? person.Id : null,
                ReplyJson = JsonSerializer.Serialize(reply, Notifier.Json),
                CreatedAt = now,
            });
        }
        db.WebChatMessages.AddRange(added);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new WebChatMessagesDto(await ToDtosAsync(db, renderer, person, added, ct), renderer.Words(person.Preferences.Language)));
    }

    /// <summary>Form values arrive as JSON strings, numbers or booleans; the engine takes them as strings.</summary>
    private static Dictionary<string, string> Flatten(Dictionary<string, JsonElement>? values) =>
        (values ?? []).ToDictionary(kv => kv.Key, kv => kv.Value.ValueKind switch
        {
            JsonValueKind.String => kv.Value.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => kv.Value.GetRawText(),
        });

    private static async Task<List<WebChatMessageDto>> ToDtosAsync(PartnerBotDb db, WebChatRenderer renderer, Person viewer,
        List<WebChatMessage> rows, CancellationToken ct)
    {
        var authorIds = rows.Where(r => r.AuthorPersonId is not null).Select(r => r.AuthorPersonId!).Distinct().ToList();
        var names = await db.People.AsNoTracking().Where(p => authorIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        var language = viewer.Preferences.Language;
        return rows.Select(r => new WebChatMessageDto(
            r.Id,
            r.AuthorPersonId,
            r.AuthorPersonId is null ? "PartnerBot" : names.GetValueOrDefault(r.AuthorPersonId, r.AuthorPersonId),
            r.AuthorPersonId == viewer.Id,
            r.VisibleToPersonId is not null,
            r.Text,
            r.ReplyJson is null ? null : renderer.Render(Notifier.Deserialize(r.ReplyJson), language),
            r.CreatedAt)).ToList();
    }

    private static Task<Person?> FindPersonAsync(PartnerBotDb db, string personId, CancellationToken ct) =>
        db.People.AsNoTracking().Include(p => p.Identities)
            .FirstOrDefaultAsync(p => p.Identities.Any(i => i.Channel == Channels.Web && i.Tenant == WebChatRooms.Tenant && i.UserId == personId), ct);

    private static ProblemHttpResult UnknownPerson(string id) => TypedResults.Problem(
        $"There is no web chat person '{Truncate(id, 80)}'. Pick one from GET /api/webchat/people.", statusCode: 404, title: "Unknown person");

    private static ProblemHttpResult MissingAs() => TypedResults.Problem(
        "Say who is talking with ?as=<person id> (see GET /api/webchat/people).", statusCode: 400, title: "Who is asking?");

    private static ProblemHttpResult NotInConversation(string id) => TypedResults.Problem(
        $"You are not in a conversation '{Truncate(id, 80)}'. See GET /api/webchat/people/{{id}}/conversations.", statusCode: 404, title: "Unknown conversation");

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}

internal static partial class Log
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "The web chat is on: anyone who can reach this host can talk as any person with a web identity. Set WebChat:Enabled=false where real partners' data lives.")]
    public static partial void Enabled(ILogger logger);
}
