using System.Text.Json.Nodes;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Webhooks;

/// <summary>
/// person.linked: raised where a chat identity is linked to a person today, which is the program folder's people.json
/// loaded at start (a person added to it is loaded with their identities at the next start).
/// </summary>
public sealed class PersonLinkedWebhookTests : IAsyncLifetime
{
    private readonly string _db = TestHost.NewDatabasePath();
    private readonly string _folder = Directory.CreateTempSubdirectory("partnerbot-program-").FullName;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        DemoProgramCopy.To(_folder);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
        if (TestStorage.OnPostgreSql) TestStorage.TryDrop(_db);
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _db, _db + "-wal", _db + "-shm", _db + ".start-lock" }) File.Delete(f);
        }
    }

    private TestHost Host() => new(_db, settings: new Dictionary<string, string?> { ["ProgramData:Path"] = _folder });

    [Fact]
    public async Task PeopleLoadedWithTheirChatIdentities_AreLinked_AndALimitedSubscriptionHearsOnlyItsOwn()
    {
        using (var first = Host())
        {
            await WebhookCli.AddAsync(first, _receiver.Url("all"), "person.linked");
            await WebhookCli.AddAsync(first, _receiver.Url("kedai"), "person.linked", "--organisation", "kedai");
            await WebhookCli.AddAsync(first, _receiver.Url("lotus"), "person.linked", "--organisation", "lotus");
            Assert.Equal(0, await first.DeliverOutboxAsync()); // the demo's people were linked before anyone subscribed
        }

        var path = Path.Combine(_folder, "people.json");
        var people = JsonNode.Parse(File.ReadAllText(path))!;
        people["people"]!.AsArray().Add(JsonNode.Parse("""
            { "id": "kedai-farid", "name": "Farid Hakim", "email": "farid@kedaiawan.example", "role": "PartnerUser", "organisation": "kedai",
              "language": "ms", "identities": [ { "channel": "slack", "tenant": "T0KEDAI", "userId": "U0FARID" } ] }
            """));
        people["people"]!.AsArray().Add(JsonNode.Parse("""
            { "id": "rep-nadia", "name": "Nadia Kowalczyk", "role": "Rep", "language": "pl",
              "identities": [ { "channel": "teams", "tenant": "northwind-tenant", "userId": "aad-nadia" } ] }
            """));
        File.WriteAllText(path, people.ToJsonString());

        using var second = Host();
        await second.DeliverOutboxAsync();

        var all = _receiver.At("all");
        Assert.Equal(["Farid Hakim", "Nadia Kowalczyk"], all.Select(p => p.Json.GetProperty("data").GetProperty("name").GetString()).Order());
        var farid = all.Single(p => p.Json.GetProperty("data").GetProperty("personId").GetString() == "kedai-farid");
        var data = farid.Json.GetProperty("data");
        Assert.Equal(("kedai", "PartnerUser", "slack", "U0FARID"),
            (farid.Json.GetProperty("organisationId").GetString(), data.GetProperty("role").GetString(), data.GetProperty("channel").GetString(), data.GetProperty("userId").GetString()));

        // Kedai's subscription hears of Kedai's new colleague only; vendor staff belong to no organisation; Lotus hears nothing.
        Assert.Equal(["kedai-farid"], _receiver.At("kedai").Select(p => p.Json.GetProperty("data").GetProperty("personId").GetString()));
        Assert.Empty(_receiver.At("lotus"));
    }
}
