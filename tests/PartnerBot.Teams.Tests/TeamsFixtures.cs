using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>Demo people's Teams identities (samples/demo-program/people.json) and activities as Teams would send them.</summary>
public static class Demo
{
    public const string Tenant = "8f2c1d3e-0000-4000-9000-00000000a11d";
    public const string TomAad = "00000000-0000-4000-8000-0000000000d1";
    public const string MayaAad = "00000000-0000-4000-8000-0000000000a1";
    public const string LenaAad = "00000000-0000-4000-8000-0000000000d2";
    public const string BotId = "28:partnerbot";
    public const string PersonalChat = "a:1tom-personal";
    public const string GroupChat = "19:acme-group@thread.v2";

    public static JsonObject Message(string serviceUrl, string text, string aad = TomAad, string name = "Tom Whitaker",
        string conversationId = PersonalChat, string conversationType = "personal", string? id = null, JsonNode? value = null,
        bool mention = false)
    {
        var a = Base("message", serviceUrl, aad, name, conversationId, conversationType, id);
        a["text"] = mention ? $"<at>PartnerBot</at> {text}" : text;
        a["textFormat"] = "plain";
        if (value is not null) a["value"] = value;
        var entities = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["country"] = "US" });
        if (mention)
            entities.Add(new JsonObject
            {
                ["type"] = "mention", ["text"] = "<at>PartnerBot</at>",
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "PartnerBot" },
            });
        a["entities"] = entities;
        return a;
    }

    public static JsonObject Base(string type, string serviceUrl, string aad = TomAad, string name = "Tom Whitaker",
        string conversationId = PersonalChat, string conversationType = "personal", string? id = null) => new()
    {
        ["type"] = type,
        ["id"] = id ?? Guid.NewGuid().ToString("N"),
        ["timestamp"] = "2026-11-23T09:00:00.000Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = $"29:{aad}", ["name"] = name, ["aadObjectId"] = aad },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = conversationType, ["tenantId"] = Tenant, ["isGroup"] = conversationType != "personal" },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "PartnerBot" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant }, ["someFutureField"] = new JsonObject { ["x"] = 1 } },
        ["locale"] = "en-US",
        ["aFieldTeamsMayAddOneDay"] = "ignored",
    };

    public static JsonObject Install(string serviceUrl, string aad = TomAad, string conversationId = PersonalChat, string conversationType = "personal")
    {
        var a = Base("conversationUpdate", serviceUrl, aad, "Tom Whitaker", conversationId, conversationType);
        a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }, new JsonObject { ["id"] = $"29:{aad}", ["aadObjectId"] = aad });
        return a;
    }

    public static JsonObject Execute(string serviceUrl, string verb, JsonObject data, string aad = MayaAad, string name = "Maya Lindqvist",
        string conversationId = PersonalChat, string conversationType = "personal")
    {
        var a = Base("invoke", serviceUrl, aad, name, conversationId, conversationType);
        a["name"] = "adaptiveCard/action";
        a["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data } };
        a["replyToId"] = "card-1";
        return a;
    }
}

/// <summary>The real host (TestHost) with the Teams channel pointed at a <see cref="FakeBotFramework"/>.</summary>
public static class TeamsHost
{
    public static TestHost Create(FakeBotFramework? fake, bool authenticate = false, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var s = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (authenticate && fake is not null)
        {
            s["Teams:MicrosoftAppId"] = FakeBotFramework.AppId;
            s["Teams:MicrosoftAppPassword"] = "not-a-real-secret";
            s["Teams:OpenIdMetadataUrl"] = fake.MetadataUrl;
            s["Teams:TokenAuthority"] = fake.Url;
        }
        return new TestHost(settings: s, services: services);
    }

    public static async Task<HttpResponseMessage> PostAsync(this TestHost host, JsonNode activity, string? bearer = null)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TeamsEndpoints.Path)
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var response = await client.SendAsync(request);
        await host.Services.GetRequiredService<PartnerBot.Conversations.InboxWorker>().WhenIdleAsync();
        return response;
    }
}
