namespace PartnerBot.Conversations;

/// <summary>
/// A capability's part of a person's home (Slack's App Home): what they should see first, beyond the menu. Returns no
/// blocks when it has nothing for this person.
/// </summary>
public interface IHomeSection
{
    int Order { get; }
    Task<IReadOnlyList<Block>> BuildAsync(TurnContext ctx, CancellationToken ct);
}

/// <summary>
/// "home": the menu help shows, then each capability's home section (an onboarding partner's checklist). A channel
/// with a home of its own (Slack's App Home) draws it from this turn; typed, it answers the same.
/// </summary>
public sealed class HomeCommand(IEnumerable<IHomeSection> sections) : ICommand
{
    public CommandInfo Info { get; } = new("home", CommandInfo.Everyone)
    {
        Order = 1,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            var blocks = await section.BuildAsync(ctx, ct);
            if (blocks.Count > 0) ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker });
        }
        await HelpCommand.SendHelpAsync(ctx);
    }
}
