using PartnerBot.Conversations;

namespace PartnerBot.Digests;

/// <summary>"digest": the current digest, now, for the asker only.</summary>
public sealed class DigestCommand(DigestBuilder builder) : ICommand
{
    public CommandInfo Info { get; } = new("digest", CommandInfo.Staff)
    {
        HelpKey = "help.digest",
        Order = 800,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        // The builder is scoped: it reads through this turn's DbContext.
        ctx.Send((await builder.BuildAsync(ctx.Actor, ctx.Now, ct)).AsPrivate());
    }
}
