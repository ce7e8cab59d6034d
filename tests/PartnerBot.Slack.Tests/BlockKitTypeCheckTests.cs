using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// What the bot sends Slack type-checks against Slack's own TypeScript types (@slack/types, blocks narrowed to
/// KnownBlock) with tsc --noEmit: every dialog as it really goes out through the fake Web API, and a reply using
/// every neutral block and field kind. A deliberately broken block must fail the same check.
/// </summary>
public sealed class BlockKitTypeCheckTests
{
    private static readonly ActionRef Submit = new(ActionNames.DialogSubmit, new Dictionary<string, string> { ["dialog"] = "d1" });

    [PeerFact("node", "npm:@slack/types", "npm:typescript")]
    public async Task EveryDialogsBlockKit_TypeChecksAgainstSlackTypes()
    {
        var folder = Directory.CreateTempSubdirectory("blockkit-").FullName;
        try
        {
            await using (var t = await SlackTestHost.StartAsync())
            {
                // help, in a DM
                await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "EvTc1"));
                await t.IdleAsync();
                Save(folder, "help", "message", MessageOf(t.Slack.Calls.Single(c => c.Method == "chat.postMessage")));

                // settings as a modal (slash command), as a rep (more fields: number input for the hour)
                await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "settings", "D0MAYA", "directmessage"));
                await t.IdleAsync();
                Save(folder, "settings", "modal", (JsonObject)t.Slack.Calls.Single(c => c.Method == "views.open").Args["view"]!);

                // settings typed in a DM: the form goes into the message; submitted with a bad time zone it comes back with errors
                t.Slack.Clear();
                await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "settings", "EvTc2", "D0MAYA"));
                await t.IdleAsync();
                var form = t.Slack.Calls.Single(c => c.Method == "chat.postMessage");
                Save(folder, "settings-inline", "message", MessageOf(form));
                t.Slack.Clear();
                await t.PostInteractionAsync(InlineSubmit(form, "U0REPMAYA", SlackTestHost.VendorTeam, "D0MAYA", new() { ["timeZone"] = "Mars/Base" }));
                await t.IdleAsync();
                var withErrors = t.Slack.Calls.Single(c => c.Method == "chat.postMessage");
                Assert.Contains("is not a time zone I know", withErrors.BlocksJson);
                Save(folder, "settings-errors", "message", MessageOf(withErrors));

                // App Home
                var home = SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0MGRHELENA", "", "EvTc3");
                home["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0MGRHELENA", ["tab"] = "home" };
                home["is_ext_shared_channel"] = false;
                await t.PostEventAsync(home);
                await t.IdleAsync();
                Save(folder, "home", "home", (JsonObject)t.Slack.Calls.Single(c => c.Method == "views.publish").Args["view"]!);

                // The deal form typed in a DM (inputs in the message), submitted with a close date in the past: errors.
                t.Slack.Clear();
                await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "register a deal", "EvTc4"));
                await t.IdleAsync();
                var dealForm = t.Slack.Calls.Single(c => c.Method == "chat.postMessage");
                Save(folder, "deal-inline", "message", MessageOf(dealForm));
                var deal = new Dictionary<string, string>
                {
                    ["company"] = "Zenith Robotics Inc", ["contactName"] = "Roe Zenith", ["closeDate"] = "2026-11-01", ["amount"] = "300000", ["currency"] = "USD",
                };
                t.Slack.Clear();
                await t.PostInteractionAsync(InlineSubmit(dealForm, "U0ACMEJANE", "T0ACMEINT", "D0DMJANE", deal));
                await t.IdleAsync();
                var dealErrors = t.Slack.Calls.Single(c => c.Method == "chat.postMessage");
                Assert.Contains("The close date is in the past.", dealErrors.BlocksJson);
                Save(folder, "deal-errors", "message", MessageOf(dealErrors));

                // Corrected: at 300,000 USD it goes to Maya's review; her card comes through the outbox with its buttons.
                t.Slack.Clear();
                deal["closeDate"] = "2027-01-15";
                await t.PostInteractionAsync(InlineSubmit(dealErrors, "U0ACMEJANE", "T0ACMEINT", "D0DMJANE", deal));
                await t.IdleAsync();
                Assert.Contains("is in review", t.Slack.Calls.Single(c => c.Method == "chat.postMessage").BlocksJson);
                t.Slack.Clear();
                await t.Host.DeliverOutboxAsync();
                var review = t.Slack.Calls.Single(c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");
                Assert.Contains("\"type\":\"button\"", review.BlocksJson);
                Save(folder, "deal-review", "message", MessageOf(review));

                // Issue 18: the same card once decided (rewritten by chat.update), and the review queue that says why each item waits.
                var pending = await t.Host.WithDbAsync(db => db.DealRegistrations.Where(d => d.CompanyName == "Zenith Robotics Inc").Select(d => d.Id).SingleAsync());
                await t.Host.Chat("mgr-helena").ActAsync(DealActions.Approve, new Dictionary<string, string> { ["deal"] = pending });
                t.Slack.Clear();
                await t.Host.DeliverOutboxAsync();
                var decided = t.Slack.Calls.Single(c => c.Method == "chat.update");
                Assert.DoesNotContain("\"type\":\"button\"", decided.BlocksJson);
                Save(folder, "deal-review-decided", "message", MessageOf(decided));
                t.Slack.Clear();
                await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0MGRHELENA", "review queue", "EvTc7", "D0HELENA"));
                await t.IdleAsync();
                var queue = t.Slack.Calls.Single(c => c.Method == "chat.postMessage");
                Assert.Contains("Why it waits", queue.BlocksJson);
                Save(folder, "review-queue", "message", MessageOf(queue));

                // The deal form as a modal (slash command), and "my deals".
                t.Slack.Clear();
                await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "deal", "D0DMJANE", "directmessage"));
                await t.IdleAsync();
                Save(folder, "deal", "modal", (JsonObject)t.Slack.Calls.Single(c => c.Method == "views.open").Args["view"]!);
                t.Slack.Clear();
                await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "cancel", "EvTc5"));
                await t.IdleAsync();
                await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "my deals", "EvTc6"));
                await t.IdleAsync();
                var mine = t.Slack.Calls.Last(c => c.Method == "chat.postMessage");
                Assert.Contains("Zenith Robotics Inc", mine.BlocksJson);
                Save(folder, "my-deals", "message", MessageOf(mine));
            }

            // Every neutral block and field kind.
            var renderer = new BlockKitRenderer();
            var everything = EveryBlock();
            Save(folder, "every-block", "message", renderer.Message(everything));
            Save(folder, "every-block", "home", renderer.Home(everything));
            var fullForm = (FormBlock)everything.Blocks.Single(b => b is FormBlock);
            Save(folder, "every-field", "modal", renderer.Modal(fullForm with { Error = "Please correct the fields", Cancel = Submit },
                new SlackViewMetadata("C1", ConversationKind.Channel, Submit, Submit), everything.Blocks.Where(b => b is not FormBlock)));

            var (exit, output) = await RunCheckAsync(folder);
            Assert.True(exit == 0, output);
            Assert.Contains("ok: 15 Block Kit payloads", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [PeerFact("node", "npm:@slack/types", "npm:typescript")]
    public async Task BrokenBlock_FailsTheCheck()
    {
        var folder = Directory.CreateTempSubdirectory("blockkit-broken-").FullName;
        try
        {
            var view = new BlockKitRenderer().Modal(new FormBlock("T", [new FormField("n", "Amount", FieldKind.Number)], Submit) { SubmitLabel = "Submit", CancelLabel = "Cancel" },
                new SlackViewMetadata("C1", ConversationKind.Channel, Submit, null));
            Save(folder, "good", "modal", (JsonObject)view.DeepClone());
            // A number input without is_decimal_allowed: Slack refuses it, and so must the check.
            ((JsonObject)view["blocks"]![0]!["element"]!).Remove("is_decimal_allowed");
            Save(folder, "broken", "modal", view);

            var (exit, output) = await RunCheckAsync(folder);
            Assert.Equal(1, exit);
            Assert.Contains("broken.modal.ts", output);
            Assert.Contains("is_decimal_allowed", output);
            Assert.DoesNotContain("good.modal.ts", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Reply EveryBlock() => new([
        new TextBlock("Heading <!channel>", TextStyle.Heading),
        new TextBlock("Plain & simple"),
        new TextBlock("A note", TextStyle.Note),
        new TextBlock("A warning", TextStyle.Warning),
        new TextBlock("Done", TextStyle.Success),
        new FactsBlock(Enumerable.Range(0, 12).Select(i => new Fact($"Label {i}", $"Value {i}")).ToList()) { Title = "Facts" },
        new ActionsBlock([
            new ActionButton("Go", ActionRef.Command("help")) { Style = ButtonStyle.Primary },
            new ActionButton("Stop", ActionRef.Command("cancel")) { Style = ButtonStyle.Danger },
            new ActionButton("Other", ActionRef.Command("settings")),
        ]),
        new LinksBlock([new Link("Portal", "https://partners.example.com/?a=1&b=2"), new Link("Not a link", "ftp://x")]),
        new ImageBlock("https://partners.example.com/logo.png", "Logo"),
        new ListBlock(["First <!here>", "Second & last"]),
        new ListBlock(["One", "Two"], Ordered: true),
        new TableBlock(["Partner type", "Bronze", "Gold"], [["Referral", "15%", "25%"], ["MSP <b>", "10%", ""]]),
        new FormBlock("Every field", [
            new FormField("text", "Text", FieldKind.Text) { Required = true, Placeholder = "type", Hint = "a hint", Value = "v", Error = "bad" },
            new FormField("long", "Long text", FieldKind.LongText) { MaxLength = 500 },
            new FormField("num", "Number", FieldKind.Number) { Min = 0, Max = 23, Value = "8" },
            new FormField("amount", "Amount", FieldKind.Number) { Min = 0, Value = "1250.50" },
            new FormField("date", "Date", FieldKind.Date) { Value = "2026-12-31" },
            new FormField("choice", "Choice", FieldKind.Choice) { Value = "", Choices = [new Choice("", "None"), new Choice("a", "A")] },
            new FormField("email", "Email", FieldKind.Email),
            new FormField("url", "Url", FieldKind.Url),
        ], Submit) { SubmitLabel = "Submit", CancelLabel = "Cancel", Intro = "Fill this in", Cancel = Submit },
    ]);

    private static JsonObject MessageOf(SlackCall call) => new() { ["text"] = call.Args["text"]?.DeepClone(), ["blocks"] = call.Args["blocks"]!.DeepClone() };

    private static void Save(string folder, string name, string kind, JsonObject json) =>
        File.WriteAllText(Path.Combine(folder, $"{name}.{kind}.json"), json.ToJsonString());

    /// <summary>block_actions for the submit button of a form posted in a message, with its inputs' state.</summary>
    public static JsonObject InlineSubmit(SlackCall posted, string user, string team, string channel, Dictionary<string, string> values)
    {
        var state = new JsonObject();
        JsonNode? submit = null;
        foreach (var block in posted.Blocks!)
        {
            if (block!["type"]!.ToString() == "input")
            {
                var id = block["block_id"]!.ToString();
                var element = block["element"]!;
                var value = values.TryGetValue(id, out var v) ? v
                    : element["initial_value"]?.ToString() ?? element["initial_date"]?.ToString() ?? element["initial_option"]?["value"]?.ToString();
                state[id] = new JsonObject
                {
                    [id] = element["type"]!.ToString() switch
                    {
                        "static_select" => new JsonObject { ["type"] = "static_select", ["selected_option"] = value is null ? null : new JsonObject { ["value"] = value } },
                        "datepicker" => new JsonObject { ["type"] = "datepicker", ["selected_date"] = value },
                        var type => new JsonObject { ["type"] = type, ["value"] = value },
                    },
                };
            }
            if (block["type"]!.ToString() == "actions" && block["block_id"]?.ToString() == "form-actions") submit = block["elements"]![0];
        }
        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = team },
            ["team"] = new JsonObject { ["id"] = team },
            ["trigger_id"] = "trig.inline",
            ["channel"] = new JsonObject { ["id"] = channel },
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel, ["is_ephemeral"] = posted.Method == "chat.postEphemeral" },
            ["state"] = new JsonObject { ["values"] = state },
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = submit!["action_id"]!.DeepClone(), ["value"] = submit["value"]!.DeepClone() }),
        };
    }

    private static async Task<(int Exit, string Output)> RunCheckAsync(string folder)
    {
        var psi = new ProcessStartInfo("node", [Path.Combine(Peers.PeersFolder, "slack-blockkit-check.mjs"), folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Peers.PeersFolder,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
