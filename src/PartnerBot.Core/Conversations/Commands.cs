using PartnerBot.People;

namespace PartnerBot.Conversations;

/// <summary>
/// Describes a command for the router and for help. What a person types to start it, in every program language,
/// is in the <see cref="Vocabulary"/> under <see cref="Name"/> (its capability's *.words.json).
/// </summary>
public sealed record CommandInfo(string Name, IReadOnlySet<Role> Roles)
{
    /// <summary>Localization key of the one-line description shown in help; null hides it from help.</summary>
    public string? HelpKey { get; init; }
    /// <summary>Position in help: smaller first.</summary>
    public int Order { get; init; } = 100;
    /// <summary>Its arguments are a question ("ask how do I reach Gold?"): the router never reads them as one instead.</summary>
    public bool TakesQuestion { get; init; }
    /// <summary>
    /// Who among <see cref="Roles"/> is offered it in help and in "did you mean" suggestions (null: all of them). Typed,
    /// it still runs for every role it names, and says itself why it does nothing for someone else.
    /// </summary>
    public Func<Actor, bool>? OfferedTo { get; init; }

    public static readonly IReadOnlySet<Role> Everyone = new HashSet<Role>(Enum.GetValues<Role>());
    public static readonly IReadOnlySet<Role> Partners = new HashSet<Role> { Role.PartnerUser };
    public static readonly IReadOnlySet<Role> Staff = new HashSet<Role> { Role.Rep, Role.Manager, Role.Admin };
    public static readonly IReadOnlySet<Role> Managers = new HashSet<Role> { Role.Manager, Role.Admin };
}

/// <summary>Something a person can type. Registered with <c>services.AddCommand&lt;T&gt;()</c>.</summary>
public interface ICommand
{
    CommandInfo Info { get; }
    Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct);
}

/// <summary>Handles buttons whose action name starts with <see cref="Prefix"/> (e.g. "deal." for "deal.approve").</summary>
public interface IActionHandler
{
    string Prefix { get; }
    Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct);
}

/// <summary>What answers a message no command recognises: the assistant once it is registered, help until then.</summary>
public interface IFallbackHandler
{
    Task HandleAsync(TurnContext ctx, string text, CancellationToken ct);
}
