using PartnerBot.People;

namespace PartnerBot.Conversations;

/// <summary>"help": what this person can do, by role, with a button for each thing, in the words of their language.</summary>
public sealed class HelpCommand : ICommand
{
    public CommandInfo Info { get; } = new("help", CommandInfo.Everyone)
    {
        Order = 0,
    };

    public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) => SendHelpAsync(ctx);

    public static Task SendHelpAsync(TurnContext ctx)
    {
        var commands = ctx.AvailableCommands.Where(c => c.Info.HelpKey is not null).ToList();
        var roleKey = ctx.Actor.Role switch
        {
            Role.PartnerUser => "help.intro.partner",
            Role.Rep => "help.intro.rep",
            Role.Manager => "help.intro.manager",
            _ => "help.intro.admin",
        };
        var blocks = new List<Block>
        {
            new TextBlock(ctx.T(roleKey, ctx.Actor.Name), TextStyle.Heading),
            new FactsBlock(commands.Select(c => new Fact(Example(ctx, c), ctx.T(c.Info.HelpKey!))).ToList()),
            new ActionsBlock(commands.Take(6).Select(c => new ActionButton(Example(ctx, c), ActionRef.Command(Example(ctx, c)))).ToList()),
            new TextBlock(ctx.T("help.footer"), TextStyle.Note),
        };
        ctx.Send(new Reply(blocks) { Summary = ctx.T(roleKey, ctx.Actor.Name), Suggestions = Suggest(ctx, commands) });
        return Task.CompletedTask;
    }

    /// <summary>
    /// What to suggest this person says first: a question for the assistant (the example "ask" shows, without the
    /// command word: a question needs none), then their role's first commands, as help orders them.
    /// </summary>
    private static Suggestions Suggest(TurnContext ctx, List<ICommand> commands)
    {
        var items = new List<Suggestion>();
        if (commands.Any(c => c.Info.TakesQuestion) && ctx.ExampleArguments("ask") is { } question)
            items.Add(new Suggestion(question, question));
        items.AddRange(commands
            .Where(c => !c.Info.TakesQuestion && c.Info.Name is not ("help" or "cancel"))
            .Take(Suggestions.Max - items.Count)
            .Select(c => new Suggestion(ctx.Say(c.Info.Name), ctx.Say(c.Info.Name))));
        return new Suggestions(ctx.T("help.greeting", ctx.Actor.Name), ctx.T("help.suggestions"), items);
    }

    /// <summary>
    /// A message no command, form or answer took: one sentence naming the two or three closest commands, with a
    /// button for each, instead of the whole menu. <paramref name="leadKey"/> says why ("not understood", "not for
    /// your role").
    /// </summary>
    public static void SendClosest(TurnContext ctx, string text, string leadKey = "help.not-understood")
    {
        var closest = ctx.ClosestCommands(text).Select(c => Example(ctx, c)).ToList();
        var sentence = ctx.T("help.closest", ctx.T(leadKey), string.Join(ctx.T("help.closest-separator"), closest.Select(c => ctx.T("help.closest-quoted", c))));
        ctx.Send(new Reply([
            new TextBlock(sentence),
            new ActionsBlock(closest.Select(c => new ActionButton(c, ActionRef.Command(c))).ToList()),
        ]) { Visibility = Visibility.Asker, Summary = sentence });
    }

    private static string Example(TurnContext ctx, ICommand c) => ctx.SayExample(c.Info.Name);
}

/// <summary>"cancel": leaves the open dialog.</summary>
public sealed class CancelCommand(DialogRunner dialogs) : ICommand
{
    public CommandInfo Info { get; } = new("cancel", CommandInfo.Everyone)
    {
        HelpKey = "help.cancel",
        Order = 1000,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var cancelled = await dialogs.CancelAsync(ctx, ct);
        ctx.Send(ctx.T(cancelled ? "dialog.cancelled" : "dialog.nothing-to-cancel"), Visibility.Asker);
    }
}
