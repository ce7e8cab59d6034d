using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// Everything a command, action or dialog step needs from the turn: the turn, the resolved actor, the database (saved
/// once by the engine at the end of the turn: handlers never call SaveChanges), the clock and the actor's language.
/// Services a handler needs come through its constructor, not from here.
/// </summary>
public sealed class TurnContext(Turn turn, Actor actor, PartnerBotDb db, Localizer localizer, TimeProvider clock,
    IServiceProvider services, Router router, DialogRunner dialogs)
{
    private readonly List<Reply> _replies = [];

    public Turn Turn { get; } = turn;
    public Actor Actor { get; } = actor;
    public PartnerBotDb Db { get; } = db;
    public TimeProvider Clock { get; } = clock;
    /// <summary>The turn's scope: the engine and the dialog runner resolve this turn's handlers from it.</summary>
    internal IServiceProvider Services { get; } = services;
    /// <summary>The commands help offers this person, in help's order.</summary>
    public IEnumerable<ICommand> AvailableCommands => router.CommandsOffered(Actor);
    public string Language => Actor.Language;
    /// <summary>The commands of this person's whose words come closest to <paramref name="text"/>, best first.</summary>
    public IReadOnlyList<ICommand> ClosestCommands(string text) => router.Closest(text, Actor, Language);
    /// <summary>Whether <paramref name="text"/> is one of this person's commands mistyped.</summary>
    public bool IsMistypedCommand(string text) => router.IsNearMiss(text, Actor.Role, Language);
    public IReadOnlyList<Reply> Replies => _replies;
    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>The id of the dialog this turn is running in, once a dialog has started or continued.</summary>
    public string? DialogId { get; internal set; }

    /// <summary>A sentence in the actor's language.</summary>
    public string T(string key, params object?[] args) => localizer.Get(Language, key, args);

    /// <summary>What the actor types, in their language, for a command ("mdf plan", "mdf 计划"), with arguments if given.</summary>
    public string Say(string command, string? arguments = null) => localizer.Say(Language, command, arguments);

    /// <summary>The command with an example of its arguments in the actor's language ("lanjutkan DR-…"), as help shows it.</summary>
    public string SayExample(string command) => localizer.Vocabulary.Example(command, Language);

    /// <summary>The example of a command's arguments in the actor's language ("how do I reach Gold?" for "ask"), or null.</summary>
    public string? ExampleArguments(string command) => localizer.Vocabulary.ExampleArguments(command, Language);

    public void Send(Reply reply) => _replies.Add(reply);
    public void Send(string text, Visibility visibility = Visibility.Conversation) => _replies.Add(Reply.Text(text, visibility));

    /// <summary>The action a form of the current dialog submits: it names the dialog instance it belongs to.</summary>
    public ActionRef DialogSubmit(IReadOnlyDictionary<string, string>? data = null)
    {
        var values = new Dictionary<string, string>(data ?? new Dictionary<string, string>())
        {
            [ActionNames.DialogKey] = DialogId ?? throw new InvalidOperationException("No dialog is running in this turn."),
        };
        return new ActionRef(ActionNames.DialogSubmit, values);
    }

    public ActionRef DialogCancel() => new(ActionNames.DialogCancel, new Dictionary<string, string>
    {
        [ActionNames.DialogKey] = DialogId ?? throw new InvalidOperationException("No dialog is running in this turn."),
    });

    /// <summary>Runs a dialog from the start; it replaces any dialog this person had open in this conversation.</summary>
    public Task BeginDialogAsync(string dialogName, string arguments = "", CancellationToken ct = default) =>
        dialogs.BeginAsync(this, dialogName, arguments, ct);
}
