using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Audit;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.Observability;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>What a turn produced. <see cref="Duplicate"/> is true when the delivery was seen before and nothing ran.</summary>
public sealed record TurnResult(IReadOnlyList<Reply> Replies, Actor? Actor, bool Duplicate = false)
{
    public static readonly TurnResult Nothing = new([], null, Duplicate: true);
}

/// <summary>
/// Runs one turn, whatever the channel: checks the input, drops redeliveries, resolves who is asking, routes to a
/// command, an action, the open dialog or the fallback, and saves everything the turn changed in one transaction.
/// Scoped: a channel resolves it from the request's (or its own background) scope.
/// </summary>
public sealed partial class ConversationEngine(
    PartnerBotDb db,
    IdentityResolver identities,
    Router router,
    DialogRunner dialogs,
    ActionHandlers actionHandlers,
    IServiceProvider services,
    Localizer localizer,
    AuditScope audit,
    OutboxSignal outboxSignal,
    TimeProvider clock,
    IOptions<ConversationOptions> options,
    ILogger<ConversationEngine> logger)
{
    // A turn that lost a race on a contended row runs again against what the winner committed; each run can only
    // lose to a different winner, so a few runs settle any burst.
    private const int MaxRuns = 4;

    // What this turn turned out to be, for its duration metric: a command's name, an action's prefix, or a TurnKinds.
    private string _ran = Telemetry.TurnKinds.Duplicate;

    public async Task<TurnResult> HandleAsync(Turn turn, CancellationToken ct = default)
    {
        var started = Telemetry.Start();
        using var activity = Telemetry.StartTurn(turn.Channel);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            [Telemetry.CorrelationIdScope] = Telemetry.CorrelationId(turn),
            ["Channel"] = turn.Channel,
            ["Conversation"] = turn.Conversation.Id,
            ["ChannelUser"] = turn.User.UserId,
        });
        // One connection for the whole turn: its reads and its save, instead of one taken from the pool (and, on
        // SQLite, prepared with EF Core's functions) for each query.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            for (var run = 1; ; run++)
            {
                try
                {
                    return await RunAsync(turn, ct);
                }
                catch (ContendedWriteException ex) when (run < MaxRuns)
                {
                    db.ChangeTracker.Clear();
                    Log.RunAgain(logger, ex.Message);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            Telemetry.TurnDone(activity, turn.Channel, _ran, started);
        }
    }

    private async Task<TurnResult> RunAsync(Turn turn, CancellationToken ct)
    {
        _ran = Telemetry.TurnKinds.Duplicate;
        if (turn.InboundId is { } inboundId)
        {
            if (await HandledBeforeAsync(turn, ct)) return TurnResult.Nothing;
            db.ProcessedInbounds.Add(new ProcessedInbound { Channel = turn.Channel, InboundId = inboundId, ReceivedAt = clock.GetUtcNow() });
        }

        var person = await identities.ResolveAsync(turn.User, ct);
        var selfLinked = false;
        if (person is null)
        {
            // Someone the program does not know: their channel may vouch for their e-mail (see SelfLinking).
            audit.Set(AuditScope.SelfLinking, turn.Channel);
            var (outcome, linked) = await services.GetRequiredService<SelfLinking>().TryAsync(turn, ct);
            if (outcome == SelfLinkOutcome.Linked)
            {
                person = linked;
                selfLinked = true;
            }
            else
            {
                _ran = Telemetry.TurnKinds.UnknownPerson;
                Log.UnknownUser(logger, turn.User.Channel, turn.User.Tenant, turn.User.UserId);
                var lang = linked?.Preferences.Language ?? Languages.FromLocale(turn.Locale) ?? Languages.English;
                // A requester is someone now (no organisation, nothing to see): the channel keeps their chat for the decision.
                var onboarding = new TurnResult([Reply.Text(localizer.Get(lang, outcome == SelfLinkOutcome.Requested ? "link.requested" : "onboarding.unknown"), Visibility.Asker)],
                    linked is null ? null : Actor.From(linked));
                RecordAnswer(turn, onboarding);
                await SaveAsync(ct);
                return onboarding;
            }
        }
        if (person!.LinkState != LinkState.Linked)
        {
            // Asked to join and not approved (yet): nothing of the organisation, nothing of the program's data.
            _ran = Telemetry.TurnKinds.UnknownPerson;
            var waiting = new TurnResult([Reply.Text(services.GetRequiredService<SelfLinking>().WaitingMessage(person), Visibility.Asker)], Actor.From(person));
            RecordAnswer(turn, waiting);
            await SaveAsync(ct);
            return waiting;
        }

        var actor = Actor.From(person);
        if (string.IsNullOrEmpty(person.Preferences.Language) || !Languages.All.Contains(person.Preferences.Language))
            person.Preferences.Language = Languages.FromLocale(turn.Locale) ?? Languages.English;
        var now = clock.GetUtcNow();
        if (person.LastSeenChannel != turn.Channel || Touch.IsDue(person.LastSeenAt, now))
        {
            person.LastSeenAt = now;
            person.LastSeenChannel = turn.Channel;
        }
        audit.Set(person.Id, turn.Channel);
        using var actorScope = logger.BeginScope(new Dictionary<string, object?> { ["Actor"] = person.Id });

        var ctx = new TurnContext(turn, actor, db, localizer, clock, services, router, dialogs);
        if (!CheckInput(ctx))
        {
            _ran = Telemetry.TurnKinds.RefusedInput;
            // Bad input changes nothing but the redelivery marker: leave every other pending change unsaved.
            DiscardExcept<ProcessedInbound>();
            var refused = new TurnResult(ctx.Replies, actor);
            RecordAnswer(turn, refused);
            await SaveAsync(ct);
            return refused;
        }

        await RouteAsync(ctx, ct);
        var answer = new TurnResult(ctx.Replies, actor);
        RecordAnswer(turn, answer);

        try
        {
            await SaveAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex) when (ex.Entries.Any(e => e.Entity is not DialogState))
        {
            // Another turn changed a row this turn read and changed (a lead two partners answered at once): nothing of
            // this save was written, and deciding again against what the winner saved gives the right answer.
            throw new ContendedWriteException($"{string.Join(", ", ex.Entries.Select(e => e.Metadata.ClrType.Name).Distinct())} changed by another turn first.");
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else moved this dialog on first. When that someone was this very delivery, run in parallel (a
            // resend, a double click under one client id), its turn is the one that saved: this run is a duplicate.
            db.ChangeTracker.Clear();
            if (await HandledBeforeAsync(turn, ct)) return TurnResult.Nothing;
            // Otherwise (another press of the same form, another delivery): this submission loses.
            _ran = Telemetry.TurnKinds.Dialog;
            Log.StaleSubmission(logger, person.Id);
            var stale = new TurnResult([Reply.Text(localizer.Get(actor.Language, "dialog.already-submitted"), Visibility.Asker)], actor);
            RecordAnswer(turn, stale);
            await db.SaveChangesAsync(ct);
            return stale;
        }
        catch (DbUpdateException ex) when (turn.InboundId is not null || selfLinked)
        {
            // A twin of this delivery saved first: its redelivery marker is committed. SQLite names the entry that
            // collided; PostgreSQL may not say which entry of a batch it was, so the marker is looked up.
            db.ChangeTracker.Clear();
            if (turn.InboundId is not null && (IsDuplicateInbound(ex) || await HandledBeforeAsync(turn, ct))) return TurnResult.Nothing;
            // This turn linked its user, and another message of theirs linked them first (the same identity, or the same
            // invitation's person): run it again, as the person the winner linked.
            if (selfLinked) throw new ContendedWriteException($"{turn.Channel} user {turn.User.UserId} was linked by another turn first.");
            throw;
        }
        return answer;
    }

    /// <summary>For a turn run from the inbox: its answer is part of this turn's save (<see cref="Inbox.RecordAnswer"/>).</summary>
    private void RecordAnswer(Turn turn, TurnResult result)
    {
        if (turn.InboxId is { } id) Inbox.RecordAnswer(db, id, result);
    }

    private bool CheckInput(TurnContext ctx)
    {
        var text = ctx.Turn.Text;
        if (ctx.Turn.Action is null && string.IsNullOrWhiteSpace(text))
        {
            ctx.Send(ctx.T("input.empty"), Visibility.Asker);
            return false;
        }
        var max = options.Value.MaxMessageLength;
        if (text is not null && text.Length > max)
        {
            ctx.Send(ctx.T("input.too-long", text.Length, max), Visibility.Asker);
            return false;
        }
        if (ctx.Turn.Action is { } action && action.Values.Values.Any(v => v.Length > max))
        {
            ctx.Send(ctx.T("input.field-too-long", max), Visibility.Asker);
            return false;
        }
        return true;
    }

    private async Task RouteAsync(TurnContext ctx, CancellationToken ct)
    {
        if (ctx.Turn.Action is { } action)
        {
            switch (action.Name)
            {
                case ActionNames.DialogSubmit or ActionNames.DialogCancel:
                    _ran = Telemetry.TurnKinds.Dialog;
                    await dialogs.SubmitAsync(ctx, action, ct);
                    return;
                case ActionNames.Command:
                    await RouteTextAsync(ctx, action.Value("text") ?? "", ct);
                    return;
            }
            var handler = actionHandlers.Find(action.Name, services);
            if (handler is null)
            {
                _ran = Telemetry.TurnKinds.UnknownAction;
                Log.UnknownAction(logger, action.Name);
                ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
                return;
            }
            _ran = handler.Prefix;
            await handler.HandleAsync(ctx, action, ct);
            return;
        }
        await RouteTextAsync(ctx, ctx.Turn.Text!, ct);
    }

    private async Task RouteTextAsync(TurnContext ctx, string text, CancellationToken ct)
    {
        var match = router.Match(text, ctx.Actor.Role);
        if (match is { Allowed: true })
        {
            _ran = match.Command.Info.Name;
            Log.Command(logger, match.Command.Info.Name);
            // The router's commands only describe; this turn's own instance (with this turn's services) handles it.
            var command = (ICommand)services.GetRequiredService(match.Command.GetType());
            await command.HandleAsync(ctx, match.Arguments, ct);
            return;
        }
        if (match is { Allowed: false })
        {
            _ran = Telemetry.TurnKinds.NotAllowed;
            HelpCommand.SendClosest(ctx, text, "command.not-for-you");
            return;
        }
        _ran = Telemetry.TurnKinds.Dialog;
        if (await dialogs.ContinueAsync(ctx, ct)) return;

        if (services.GetService<IFallbackHandler>() is { } fallback)
        {
            _ran = Telemetry.TurnKinds.Assistant;
            await fallback.HandleAsync(ctx, text, ct);
            return;
        }
        _ran = Telemetry.TurnKinds.NotUnderstood;
        HelpCommand.SendClosest(ctx, text);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        // Messages are queued with Outbox.Add, tracked as added at once: seeing them needs no scan of the turn's entities
        // for changes (the save makes its own).
        bool queued;
        using (new DetectionPaused(db.ChangeTracker))
            queued = db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        await db.SaveChangesAsync(ct);
        if (queued) outboxSignal.Notify();
    }

    private void DiscardExcept<T>()
    {
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.Entity is not (T or InboxItem) && e.State != EntityState.Unchanged).ToList())
            e.State = e.State == EntityState.Added ? EntityState.Detached : EntityState.Unchanged;
    }

    /// <summary>Whether a turn for this delivery id was already saved (by an earlier or a parallel delivery).</summary>
    private async Task<bool> HandledBeforeAsync(Turn turn, CancellationToken ct)
    {
        if (turn.InboundId is not { } inboundId || !await Processed(db, turn.Channel, inboundId, ct))
            return false;
        Log.Duplicate(logger, inboundId);
        return true;
    }

    // Compiled once: every turn with a delivery id asks it.
    private static readonly Func<PartnerBotDb, string, string, CancellationToken, Task<bool>> Processed = EF.CompileAsyncQuery(
        (PartnerBotDb db, string channel, string inboundId, CancellationToken ct) =>
            db.ProcessedInbounds.Any(p => p.Channel == channel && p.InboundId == inboundId));

    private static bool IsDuplicateInbound(DbUpdateException ex) =>
        ex.Entries.Any(e => e.Entity is ProcessedInbound);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Delivery {InboundId} was handled before; ignored")]
        public static partial void Duplicate(ILogger logger, string inboundId);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Unknown chat user {Channel}/{Tenant}/{UserId}: sent onboarding")]
        public static partial void UnknownUser(ILogger logger, string channel, string tenant, string userId);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Command {Command}")]
        public static partial void Command(ILogger logger, string command);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "No handler for action {Action}")]
        public static partial void UnknownAction(ILogger logger, string action);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "A stale or repeated submission by {PersonId} was refused")]
        public static partial void StaleSubmission(ILogger logger, string personId);

        [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "The turn runs again: {Reason}")]
        public static partial void RunAgain(ILogger logger, string reason);
    }
}
