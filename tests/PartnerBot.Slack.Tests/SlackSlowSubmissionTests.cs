using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// A modal submission runs its turn before answering (to show field errors), but never past its budget: when the
/// turn is slow the modal closes in time and the answer follows by message.
/// </summary>
public sealed class SlackSlowSubmissionTests
{
    private static readonly TaskCompletionSource Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class SlowCommand : ICommand
    {
        public CommandInfo Info { get; } = new("slowform", CommandInfo.Everyone);
        public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) => ctx.BeginDialogAsync("slow", arguments, ct);
    }

    private sealed class SlowDialog : Dialog<SlowDialog.State>
    {
        public sealed class State { }
        public override string Name => "slow";

        protected override Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
        {
            ctx.Send(new Reply([new FormBlock("Slow", [new FormField("x", "X", FieldKind.Text)], ctx.DialogSubmit()) { SubmitLabel = "Submit", CancelLabel = "Cancel" }]) { Visibility = Visibility.Asker });
            return Task.FromResult(DialogStatus.Waiting);
        }

        protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
        {
            await Gate.Task; // the slow part: a language model, a remote system
            ctx.Send("Finished slowly", Visibility.Asker);
            return DialogStatus.Done;
        }
    }

    [Fact]
    public async Task SlowSubmission_ClosesTheModalWithinBudget_AndAnswersAfterwards()
    {
        await using var t = await SlackTestHost.StartAsync(services: s =>
        {
            PartnerBotCore.AddCommand<SlowCommand>(s);
            s.AddSingleton(CommandWords.InEveryLanguage("slowform", "slowform"));
            PartnerBotCore.AddDialog<SlowDialog>(s);
        });
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "slowform", "D0MAYA", "directmessage"));
        await t.IdleAsync();
        var view = (JsonObject)t.Slack.Calls.Single(c => c.Method == "views.open").Args["view"]!;

        var submitting = t.PostInteractionAsync(SlackTestHost.Submission(SlackTestHost.VendorTeam, "U0REPMAYA", view, new Dictionary<string, string> { ["x"] = "y" }));
        // Only the budget (2.5 s on the host's clock) can end the wait: the turn is held at the gate.
        while (!submitting.IsCompleted)
        {
            t.Host.Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(submitting, Task.Delay(20));
        }
        var r = await submitting;
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("clear", (await SlackTestHost.BodyAsync(r))!["response_action"]!.ToString());
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postMessage");

        Gate.SetResult();
        await t.IdleAsync();
        var answer = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal("D0MAYA", answer.Channel);
        Assert.Contains("Finished slowly", answer.BlocksJson);
    }
}
