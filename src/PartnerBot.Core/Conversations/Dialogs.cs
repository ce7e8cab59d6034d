using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PartnerBot.Conversations;

public enum DialogStatus
{
    /// <summary>The dialog waits for the person: its state is saved.</summary>
    Waiting,
    /// <summary>The dialog is over: its state is removed.</summary>
    Done,
}

/// <summary>A multi-step conversation. Write dialogs as <see cref="Dialog{TState}"/>; the runner persists their state.</summary>
public interface IDialog
{
    string Name { get; }
    Task<(DialogStatus Status, string StateJson)> StartAsync(TurnContext ctx, string arguments, CancellationToken ct);
    Task<(DialogStatus Status, string StateJson)> ContinueAsync(TurnContext ctx, string stateJson, CancellationToken ct);
}

/// <summary>
/// A dialog whose state is a plain class, serialized to JSON after every step. Steps add replies to the context and
/// change entities through <see cref="TurnContext.Db"/>; the engine saves both together, once.
/// </summary>
public abstract class Dialog<TState> : IDialog where TState : class, new()
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public abstract string Name { get; }

    protected abstract Task<DialogStatus> OnStartAsync(TurnContext ctx, TState state, string arguments, CancellationToken ct);

    /// <summary>The person answered: <see cref="TurnContext.Turn"/> holds the text or the submitted form.</summary>
    protected abstract Task<DialogStatus> OnContinueAsync(TurnContext ctx, TState state, CancellationToken ct);

    async Task<(DialogStatus, string)> IDialog.StartAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var state = new TState();
        var status = await OnStartAsync(ctx, state, arguments, ct);
        return (status, JsonSerializer.Serialize(state, Json));
    }

    async Task<(DialogStatus, string)> IDialog.ContinueAsync(TurnContext ctx, string stateJson, CancellationToken ct)
    {
        var state = JsonSerializer.Deserialize<TState>(stateJson, Json) ?? new TState();
        var status = await OnContinueAsync(ctx, state, ct);
        return (status, JsonSerializer.Serialize(state, Json));
    }
}

/// <summary>
/// Starts, continues and ends dialogs, one open dialog per (person, conversation). The state row is changed on the
/// turn's DbContext, so it is saved with whatever the step changed, in one transaction. <paramref name="dialogs"/>
/// only name the dialogs (read once at start, see <see cref="Handlers"/>); each step runs on the turn's own instance.
/// </summary>
public sealed class DialogRunner(IEnumerable<IDialog> dialogs, IOptions<ConversationOptions> options)
{
    private readonly Dictionary<string, IDialog> _dialogs = dialogs.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public IDialog? Find(string name) => _dialogs.GetValueOrDefault(name);

    public static Task<DialogState?> ActiveAsync(TurnContext ctx, CancellationToken ct) =>
        ctx.Db.DialogStates.FirstOrDefaultAsync(
            d => d.PersonId == ctx.Actor.PersonId && d.ConversationKey == ctx.Turn.Conversation.Key, ct);

    public async Task BeginAsync(TurnContext ctx, string dialogName, string arguments, CancellationToken ct)
    {
        var dialog = _dialogs.GetValueOrDefault(dialogName)
            ?? throw new InvalidOperationException($"No dialog named '{dialogName}' is registered.");
        var existing = await ActiveAsync(ctx, ct);
        var id = Guid.NewGuid().ToString("N");
        ctx.DialogId = id;
        var (status, json) = await Live(ctx, dialog).StartAsync(ctx, arguments, ct);
        // Starting a dialog replaces the one this person had open here (EF deletes before it inserts).
        if (existing is not null && !await EndIfExpiredAsync(ctx, existing, ct)) ctx.Db.DialogStates.Remove(existing);
        if (status == DialogStatus.Done) return;
        var row = new DialogState
        {
            Id = id,
            PersonId = ctx.Actor.PersonId,
            ConversationKey = ctx.Turn.Conversation.Key,
            DialogName = dialog.Name,
            StateJson = json,
            StartedAt = ctx.Now,
        };
        Touch(row, ctx);
        ctx.Db.DialogStates.Add(row);
    }

    /// <summary>Continues the open dialog with this turn. Returns false when none is open.</summary>
    public async Task<bool> ContinueAsync(TurnContext ctx, CancellationToken ct)
    {
        var row = await ActiveAsync(ctx, ct);
        if (row is null || await EndIfExpiredAsync(ctx, row, ct)) return false;
        await StepAsync(ctx, row, ct);
        return true;
    }

    /// <summary>A form was submitted: it must belong to the dialog that is open now, else it has expired.</summary>
    public async Task SubmitAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var row = await ActiveAsync(ctx, ct);
        var formDialog = action.Value(ActionNames.DialogKey);
        if (row is null || await EndIfExpiredAsync(ctx, row, ct) || row.Id != formDialog)
        {
            ctx.Send(Reply.Text(ctx.T("dialog.expired"), Visibility.Asker));
            return;
        }
        if (action.Name == ActionNames.DialogCancel)
        {
            ctx.Db.DialogStates.Remove(row);
            ctx.Send(Reply.Text(ctx.T("dialog.cancelled"), Visibility.Asker));
            return;
        }
        await StepAsync(ctx, row, ct);
    }

    public async Task<bool> CancelAsync(TurnContext ctx, CancellationToken ct)
    {
        var row = await ActiveAsync(ctx, ct);
        if (row is null || await EndIfExpiredAsync(ctx, row, ct)) return false;
        ctx.Db.DialogStates.Remove(row);
        return true;
    }

    /// <summary>
    /// Ends the dialog when it has expired, and says so. Housekeeping removes expired dialogs at any moment
    /// (<see cref="ExpiredDialogs"/>), so the row is deleted by a statement that finds nothing when the sweep came first;
    /// a tracked remove would fail the turn's whole save as if another turn had moved the dialog on.
    /// </summary>
    private static async Task<bool> EndIfExpiredAsync(TurnContext ctx, DialogState row, CancellationToken ct)
    {
        if (!row.HasExpired(ctx.Now)) return false;
        ctx.Db.Entry(row).State = EntityState.Detached;
        await ctx.Db.DialogStates.Where(d => d.Id == row.Id && d.Version == row.Version).ExecuteDeleteAsync(ct);
        return true;
    }

    private async Task StepAsync(TurnContext ctx, DialogState row, CancellationToken ct)
    {
        var dialog = _dialogs.GetValueOrDefault(row.DialogName);
        if (dialog is null)
        {
            ctx.Db.DialogStates.Remove(row);
            ctx.Send(Reply.Text(ctx.T("dialog.expired"), Visibility.Asker));
            return;
        }
        ctx.DialogId = row.Id;
        var (status, json) = await Live(ctx, dialog).ContinueAsync(ctx, row.StateJson, ct);
        if (status == DialogStatus.Done)
        {
            ctx.Db.DialogStates.Remove(row);
            return;
        }
        row.StateJson = json;
        Touch(row, ctx);
    }

    private static IDialog Live(TurnContext ctx, IDialog described) => (IDialog)ctx.Services.GetRequiredService(described.GetType());

    private void Touch(DialogState row, TurnContext ctx)
    {
        row.UpdatedAt = ctx.Now;
        row.ExpiresAt = ctx.Now + options.Value.DialogTimeout;
        row.Version++;
    }
}
