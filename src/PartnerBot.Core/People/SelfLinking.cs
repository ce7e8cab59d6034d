using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.Storage;

namespace PartnerBot.People;

/// <summary>Whether a person may use the product: linked (everyone the program loaded), or waiting for, or refused, a rep's approval.</summary>
public enum LinkState { Linked, Pending, Declined }

/// <summary>
/// A chat user who asked to join a partner organisation (their verified e-mail's domain is the organisation's) and
/// the rep's decision. The person exists from the request on (so they can be told the decision in their chat) but
/// belongs to no organisation, and sees nothing, until a rep approves.
/// </summary>
public sealed class LinkRequest : Audit.IAudited
{
    public long Id { get; set; }
    public required string PersonId { get; set; }
    public required string PartnerOrganisationId { get; set; }
    public required string Email { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DeciderPersonId { get; set; }
    public bool? Approved { get; set; }
}

internal sealed class LinkRequestConfiguration : IEntityTypeConfiguration<LinkRequest>
{
    public void Configure(EntityTypeBuilder<LinkRequest> b)
    {
        b.Property(x => x.PersonId).HasMaxLength(64);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.Email).HasMaxLength(320);
        b.Property(x => x.DeciderPersonId).HasMaxLength(64);
        b.HasIndex(x => x.PersonId).IsUnique();
    }
}

/// <summary>
/// What a channel can vouch for about its user: the e-mail address the channel itself verified (Slack's profile
/// e-mail, Teams' user principal name). Null when the channel cannot say.
/// </summary>
public interface IVerifiedEmails
{
    string Channel { get; }
    Task<string?> EmailOfAsync(Turn turn, CancellationToken ct);
}

public enum SelfLinkOutcome { NotLinked, Linked, Requested }

/// <summary>
/// People who link themselves. An unknown chat user whose channel vouches for their e-mail is linked to the person the
/// program knows by that e-mail; failing that, when the e-mail's domain is exactly one partner organisation's, they
/// ask to join it and the organisation's deciders (its rep, else the managers) approve or decline from a card — unless
/// a partner admin of the organisation invited that e-mail (<see cref="Invitations"/>): an open invitation links them
/// at once, and the admin is told. Nothing of the organisation is shown before approval, not even its name.
/// </summary>
public sealed partial class SelfLinking(
    PartnerBotDb db,
    IEnumerable<IVerifiedEmails> directories,
    Invitations invitations,
    Notifier notifier,
    Localizer localizer,
    TimeProvider clock,
    ILogger<SelfLinking> logger)
{
    public const string Prefix = "link.";
    public const string Approve = "link.approve";
    public const string Decline = "link.decline";

    /// <summary>Tries to link the turn's user. Linked: the person is returned (the turn goes on as them).</summary>
    public async Task<(SelfLinkOutcome Outcome, Person? Person)> TryAsync(Turn turn, CancellationToken ct)
    {
        var directory = directories.FirstOrDefault(d => d.Channel == turn.Channel);
        if (directory is null) return (SelfLinkOutcome.NotLinked, null);
        string? email;
        try
        {
            email = Normalize(await directory.EmailOfAsync(turn, ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LookupFailed(logger, turn.Channel, turn.User.UserId, ex.Message);
            return (SelfLinkOutcome.NotLinked, null);
        }
        if (email is null) return (SelfLinkOutcome.NotLinked, null);

        // ToLower() is translated to SQL lower() on both providers; string.Equals with a comparison is not translated.
#pragma warning disable CA1862
        var known = await db.People.Include(p => p.Identities)
            .Where(p => p.Email != null && p.Email.ToLower() == email).ToListAsync(ct);
#pragma warning restore CA1862
        if (known.Count == 1)
        {
            var person = known[0];
            // This very chat account, linked by a turn of its own since this one looked it up (its first two messages
            // sent at once: the other turn accepted the invitation or asked to join first). It is theirs already.
            if (person.Identities.Any(i => i.Channel == turn.Channel && i.Tenant == turn.User.Tenant && i.UserId == turn.User.UserId))
                return (SelfLinkOutcome.Linked, person);
            // One chat account per person and channel workspace: a second account with the same e-mail is not linked silently.
            if (person.Identities.Any(i => i.Channel == turn.Channel && i.Tenant == turn.User.Tenant))
            {
                Log.AlreadyLinked(logger, person.Id, turn.Channel);
                return (SelfLinkOutcome.NotLinked, null);
            }
            db.ChannelIdentities.Add(new ChannelIdentity { PersonId = person.Id, Channel = turn.Channel, Tenant = turn.User.Tenant, UserId = turn.User.UserId });
            Log.LinkedByEmail(logger, person.Id, turn.Channel);
            return (SelfLinkOutcome.Linked, person);
        }
        if (known.Count > 1) return (SelfLinkOutcome.NotLinked, null); // the program's data is ambiguous: a rep links by hand
        if (await invitations.OpenForAsync(email, ct) is { } invitation) return await AcceptAsync(turn, email, invitation, ct);

        var domain = email[(email.IndexOf('@') + 1)..];
#pragma warning disable CA1862 // as above: translated to SQL lower()
        var organisations = await db.PartnerOrganisations.AsNoTracking().Where(o => o.Domain != null && o.Domain.ToLower() == domain).ToListAsync(ct);
#pragma warning restore CA1862
        if (organisations.Count != 1) return (SelfLinkOutcome.NotLinked, null);
        var organisation = organisations[0];

        var now = clock.GetUtcNow();
        var language = Languages.FromLocale(turn.Locale) ?? Languages.English;
        var requester = new Person
        {
            Id = $"p-{Guid.NewGuid():N}"[..18],
            DisplayName = NameOf(turn, email),
            Email = email,
            Role = Role.PartnerUser,
            LinkState = LinkState.Pending,
            Preferences = new Preferences { Language = language },
        };
        db.People.Add(requester);
        db.ChannelIdentities.Add(new ChannelIdentity { PersonId = requester.Id, Channel = turn.Channel, Tenant = turn.User.Tenant, UserId = turn.User.UserId });
        var request = new LinkRequest { PersonId = requester.Id, PartnerOrganisationId = organisation.Id, Email = email, RequestedAt = now };
        db.LinkRequests.Add(request);
        foreach (var decider in await OrganisationAccess.DecidersAsync(db.People.AsNoTracking(), organisation, ct))
            await notifier.QueueOnceAsync(decider.Id, Card(request, requester, organisation, decider.Preferences.Language), CardKey(request, decider.Id), ct);
        Log.Requested(logger, requester.Id, organisation.Id);
        return (SelfLinkOutcome.Requested, requester);
    }

    /// <summary>
    /// Links the invited colleague to the organisation at once: a person of their own (its id is the invitation's, so two
    /// first messages at once make one person: the second save fails and its turn runs again, as the person), told so in
    /// their language, and the admin who invited them is told too.
    /// </summary>
    private async Task<(SelfLinkOutcome, Person?)> AcceptAsync(Turn turn, string email, Invitation invitation, CancellationToken ct)
    {
        var organisation = await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == invitation.PartnerOrganisationId, ct);
        var language = Languages.FromLocale(turn.Locale) ?? Languages.English;
        var person = new Person
        {
            Id = $"p-inv-{invitation.Id}",
            DisplayName = NameOf(turn, email),
            Email = email,
            Role = Role.PartnerUser,
            PartnerOrganisationId = organisation.Id,
            LinkState = LinkState.Linked,
            Preferences = new Preferences { Language = language },
        };
        db.People.Add(person);
        db.ChannelIdentities.Add(new ChannelIdentity { PersonId = person.Id, Channel = turn.Channel, Tenant = turn.User.Tenant, UserId = turn.User.UserId });
        invitation.AcceptedAt = clock.GetUtcNow();
        invitation.AcceptedPersonId = person.Id;
        notifier.Queue(person.Id, Reply.Text(localizer.Get(language, "link.invited", organisation.Name)));
        if (await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == invitation.InvitedByPersonId, ct) is { } admin)
            await notifier.QueueOnceAsync(admin.Id, Reply.Text(localizer.Get(admin.Preferences.Language, "invite.accepted", person.DisplayName, email)),
                $"invite-accepted:{invitation.Id}", ct);
        Log.Invited(logger, person.Id, organisation.Id);
        return (SelfLinkOutcome.Linked, person);
    }

    private static string NameOf(Turn turn, string email) =>
        string.IsNullOrWhiteSpace(turn.User.DisplayName) ? email[..email.IndexOf('@')] : turn.User.DisplayName.Trim();

    /// <summary>A rep's answer to a request. Returns the key of what to tell the rep.</summary>
    public async Task<string> DecideAsync(Actor decider, string requesterId, bool approve, CancellationToken ct)
    {
        var request = await db.LinkRequests.FirstOrDefaultAsync(r => r.PersonId == requesterId, ct);
        var organisation = request is null ? null : await db.PartnerOrganisations.FirstOrDefaultAsync(o => o.Id == request.PartnerOrganisationId, ct);
        if (request is null || organisation is null || !decider.IsVendorStaff || !OrganisationAccess.MayDecideFor(decider, organisation))
            return "link.review.not-yours";
        if (request.Approved is not null) return "link.review.already-decided";
        var person = await db.People.FirstAsync(p => p.Id == request.PersonId, ct);

        request.Approved = approve;
        request.DecidedAt = clock.GetUtcNow();
        request.DeciderPersonId = decider.PersonId;
        if (approve)
        {
            person.LinkState = LinkState.Linked;
            person.PartnerOrganisationId = organisation.Id;
        }
        else person.LinkState = LinkState.Declined;

        var lang = person.Preferences.Language;
        notifier.Queue(person.Id, Reply.Text(approve
            ? localizer.Get(lang, "link.approved", organisation.Name)
            : localizer.Get(lang, "link.declined")));
        await notifier.QueueUpdatesAsync($"link-review:{request.PersonId}:", approve ? "approved" : "declined",
            async (recipient, c) => Card(request, person, organisation, await LanguageOfAsync(recipient, c)), ct);
        return approve ? "link.review.approved-done" : "link.review.declined-done";
    }

    /// <summary>What a person who is not (yet) linked is told whatever they write.</summary>
    public string WaitingMessage(Person person) =>
        localizer.Get(person.Preferences.Language, person.LinkState == LinkState.Declined ? "link.declined" : "link.pending");

    /// <summary>The deciders' card: who asks, with which verified e-mail; the buttons until it is decided, then the decision.</summary>
    private Reply Card(LinkRequest request, Person requester, PartnerOrganisation organisation, string lang)
    {
        string T(string key, params object?[] args) => localizer.Get(lang, key, args);
        var blocks = new List<Block>
        {
            new TextBlock(T("link.review.title", requester.DisplayName, organisation.Name), TextStyle.Heading),
            new FactsBlock([new(T("link.review.email"), request.Email), new(T("link.review.organisation"), organisation.Name)]),
        };
        var data = new Dictionary<string, string> { ["person"] = request.PersonId };
        if (request.Approved is null)
            blocks.Add(new ActionsBlock(
            [
                new(T("link.review.approve"), new ActionRef(Approve, data)) { Style = ButtonStyle.Primary },
                new(T("link.review.decline"), new ActionRef(Decline, data)) { Style = ButtonStyle.Danger },
            ]));
        else blocks.Add(new TextBlock(T(request.Approved == true ? "link.review.approved" : "link.review.declined")));
        return new Reply(blocks);
    }

    private static string CardKey(LinkRequest request, string deciderId) => $"link-review:{request.PersonId}:{deciderId}";

    private async Task<string> LanguageOfAsync(string personId, CancellationToken ct) =>
        await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Preferences.Language).FirstOrDefaultAsync(ct) ?? Languages.English;

    /// <summary>A well-formed address (<see cref="EmailAddresses"/>), lower case; anything else is no address.</summary>
    public static string? Normalize(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var trimmed = email.Trim().ToLowerInvariant();
        return EmailAddresses.IsValid(trimmed) ? trimmed : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Linked {Channel} user to {PersonId} by their verified e-mail")]
        public static partial void LinkedByEmail(ILogger logger, string personId, string channel);

        [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "{PersonId} asked to join {OrganisationId} (verified e-mail domain); its deciders were asked")]
        public static partial void Requested(ILogger logger, string personId, string organisationId);

        [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "{PersonId} already has a {Channel} account in this workspace: a second one with the same e-mail is not linked")]
        public static partial void AlreadyLinked(ILogger logger, string personId, string channel);

        [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "{PersonId} joined {OrganisationId} by a partner admin's invitation")]
        public static partial void Invited(ILogger logger, string personId, string organisationId);

        [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Could not read the verified e-mail of {Channel} user {UserId}: {Error}")]
        public static partial void LookupFailed(ILogger logger, string channel, string userId, string error);
    }
}

/// <summary>The deciders' buttons on a link request.</summary>
public sealed class LinkRequestActions(SelfLinking linking) : IActionHandler
{
    public string Prefix => SelfLinking.Prefix;

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        if (action.Name is not (SelfLinking.Approve or SelfLinking.Decline) || action.Value("person") is not { Length: > 0 } id)
        {
            ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
            return;
        }
        ctx.Send(ctx.T(await linking.DecideAsync(ctx.Actor, id, action.Name == SelfLinking.Approve, ct)), Visibility.Asker);
    }
}
