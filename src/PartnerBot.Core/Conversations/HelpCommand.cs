using PartnerBot.People;

namespace PartnerBot.Conversations;

/// <summary>"help": what this person can do, by role, with a button for each thing.</summary>
public sealed class HelpCommand(IServiceProvider services) : ICommand
{
    public CommandInfo Info { get; } = new("help", ["help", "menu", "start", "hi", "hello", "bantuan", "pomoc", "帮助", "菜单"], CommandInfo.Everyone)
    {
        Order = 0,
    };

    public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) =>
        SendHelpAsync(ctx, (Router)services.GetService(typeof(Router))!);

    public static Task SendHelpAsync(TurnContext ctx, Router router)
    {
        var commands = router.CommandsFor(ctx.Actor.Role).Where(c => c.Info.HelpKey is not null).ToList();
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
            new FactsBlock(commands.Select(c => new Fact(Example(c), ctx.T(c.Info.HelpKey!))).ToList()),
            new ActionsBlock(commands.Take(6).Select(c => new ActionButton(Example(c), ActionRef.Command(Example(c)))).ToList()),
            new TextBlock(ctx.T("help.footer"), TextStyle.Note),
        };
        ctx.Send(new Reply(blocks) { Summary = ctx.T(roleKey, ctx.Actor.Name) });
        return Task.CompletedTask;
    }

    private static string Example(ICommand c) => c.Info.Example ?? c.Info.Phrases[0];
}

/// <summary>"cancel": leaves the open dialog.</summary>
public sealed class CancelCommand(DialogRunner dialogs) : ICommand
{
    public CommandInfo Info { get; } = new("cancel", ["cancel", "stop", "quit", "batal", "anuluj", "取消"], CommandInfo.Everyone)
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
