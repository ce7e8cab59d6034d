using Microsoft.Extensions.DependencyInjection;

namespace PartnerBot.Conversations;

/// <summary>
/// Commands, dialogs and action handlers are scoped: they take the turn's DbContext and the services they need in
/// their constructors, and each turn gets its own instances. What describes them (a command's words and roles, a
/// dialog's name, an action prefix) never changes, so the router, the dialog runner and <see cref="ActionHandlers"/>
/// read it once, at start, from instances made in a scope of their own that never handle a turn. Register them with
/// <c>services.AddCommand&lt;T&gt;()</c>, <c>AddDialog&lt;T&gt;()</c> and <c>AddActionHandler&lt;T&gt;()</c>.
/// </summary>
internal static class Handlers
{
    /// <summary>The registered handlers of one kind, made once to read what describes them.</summary>
    internal static List<T> Describe<T>(IServiceProvider root) where T : class
    {
        using var scope = root.CreateScope();
        return scope.ServiceProvider.GetServices<T>().ToList();
    }
}

/// <summary>Which action handler takes an action: the one whose prefix starts the action's name.</summary>
public sealed class ActionHandlers(IEnumerable<IActionHandler> described)
{
    private readonly List<(string Prefix, Type Type)> _prefixes = described.Select(h => (h.Prefix, h.GetType())).ToList();

    /// <summary>This turn's handler for <paramref name="actionName"/>, or null when no handler takes it.</summary>
    public IActionHandler? Find(string actionName, IServiceProvider turn)
    {
        foreach (var (prefix, type) in _prefixes)
            if (actionName.StartsWith(prefix, StringComparison.Ordinal))
                return (IActionHandler)turn.GetRequiredService(type);
        return null;
    }
}
