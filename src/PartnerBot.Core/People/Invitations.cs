using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.People;

/// <summary>
/// A partner admin's invitation of a colleague, by e-mail at the organisation's domain. While it is open (not
/// accepted, not revoked, before <see cref="ExpiresAt"/>) the colleague's first message from a chat that vouches for
/// that e-mail links them to the organisation at once (<see cref="SelfLinking"/>), without a rep's approval.
/// </summary>
public sealed class Invitation : Audit.IAudited
{
    public long Id { get; set; }
    public required string PartnerOrganisationId { get; set; }
    /// <summary>Lower case, as <see cref="SelfLinking.Normalize"/> leaves a verified e-mail.</summary>
    public required string Email { get; set; }
    public required string InvitedByPersonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? AcceptedPersonId { get; set; }

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.Email).HasMaxLength(320);
        b.Property(x => x.InvitedByPersonId).HasMaxLength(64);
        b.Property(x => x.AcceptedPersonId).HasMaxLength(64);
        b.HasIndex(x => x.Email);
        b.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Invitations: who may invite (a partner admin, for their own organisation only), which addresses (well formed, at
/// the organisation's domain, not someone the program already knows), how long they stay open
/// (Program:Invitations:ValidDays), revoking, and finding the open one for a verified e-mail. The "invite" command and
/// self-linking ask here. On the turn's DbContext (the turn saves, and the audit log records each change).
/// </summary>
public sealed class Invitations(PartnerBotDb db, IOptions<ProgramOptions> program, TimeProvider clock)
{
    /// <summary>The reason an invitation is refused (a string key and its arguments), or null when it was made.</summary>
    public sealed record Outcome(Invitation? Invitation, string Key, params object[] Args);

    /// <summary>Whether <paramref name="actor"/> is a partner admin of their organisation (read from the stored person).</summary>
    public Task<bool> IsAdminAsync(Actor actor, CancellationToken ct) =>
        actor.IsPartner && actor.PartnerOrganisationId is not null
            ? db.People.AnyAsync(p => p.Id == actor.PersonId && p.IsPartnerAdmin && p.PartnerOrganisationId == actor.PartnerOrganisationId, ct)
            : Task.FromResult(false);

    public async Task<Outcome> InviteAsync(Actor admin, string text, CancellationToken ct)
    {
        if (!await IsAdminAsync(admin, ct)) return new Outcome(null, "invite.not-admin");
        var email = SelfLinking.Normalize(text);
        if (email is null) return new Outcome(null, "invite.malformed", Shorten(text));
        var organisation = await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == admin.PartnerOrganisationId, ct);
        var domain = email[(email.IndexOf('@') + 1)..];
        if (organisation.Domain is null) return new Outcome(null, "invite.no-domain", organisation.Name);
        if (!string.Equals(domain, organisation.Domain, StringComparison.OrdinalIgnoreCase))
            return new Outcome(null, "invite.wrong-domain", email, organisation.Domain);
#pragma warning disable CA1862 // ToLower() is translated to SQL lower() on both providers
        if (await db.People.AnyAsync(p => p.Email != null && p.Email.ToLower() == email, ct))
#pragma warning restore CA1862
            return new Outcome(null, "invite.already-person", email);
        var now = clock.GetUtcNow();
        var open = (await db.Invitations.Where(i => i.Email == email && i.PartnerOrganisationId == organisation.Id).ToListAsync(ct))
            .FirstOrDefault(i => i.IsOpen(now));
        if (open is not null) return new Outcome(open, "invite.already-open", email, open.ExpiresAt);
        var invitation = new Invitation
        {
            PartnerOrganisationId = organisation.Id,
            Email = email,
            InvitedByPersonId = admin.PersonId,
            CreatedAt = now,
            ExpiresAt = now.AddDays(program.Value.Invitations.ValidDays),
        };
        db.Invitations.Add(invitation);
        return new Outcome(invitation, "invite.done", email, invitation.ExpiresAt);
    }

    /// <summary>The admin's organisation's open invitations, soonest to expire first; null when the actor is not an admin.</summary>
    public async Task<List<Invitation>?> OpenAsync(Actor admin, CancellationToken ct)
    {
        if (!await IsAdminAsync(admin, ct)) return null;
        var now = clock.GetUtcNow();
        var rows = await db.Invitations.AsNoTracking()
            .Where(i => i.PartnerOrganisationId == admin.PartnerOrganisationId && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct);
        // Compared in memory: SQLite cannot order or compare DateTimeOffset columns.
        return rows.Where(i => i.IsOpen(now)).OrderBy(i => i.ExpiresAt).ThenBy(i => i.Email, StringComparer.Ordinal).ToList();
    }

    /// <summary>Revokes an open invitation of the admin's organisation; the key of what to tell the admin.</summary>
    public async Task<(string Key, string? Email)> RevokeAsync(Actor admin, long id, CancellationToken ct)
    {
        if (!await IsAdminAsync(admin, ct)) return ("invite.not-admin", null);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == id && i.PartnerOrganisationId == admin.PartnerOrganisationId, ct);
        if (invitation is null) return ("invite.revoke.unknown", null);
        if (!invitation.IsOpen(clock.GetUtcNow())) return ("invite.revoke.not-open", invitation.Email);
        invitation.RevokedAt = clock.GetUtcNow();
        return ("invite.revoke.done", invitation.Email);
    }

    /// <summary>The open invitation for this verified e-mail (lower case), tracked; null when there is none.</summary>
    public async Task<Invitation?> OpenForAsync(string email, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Invitations.Where(i => i.Email == email && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct);
        var open = rows.Where(i => i.IsOpen(now)).OrderByDescending(i => i.CreatedAt).ToList();
        // Two organisations inviting one address (they share no domain, so only after a domain changed): nobody's, a rep decides.
        return open.Select(i => i.PartnerOrganisationId).Distinct().Count() == 1 ? open[0] : null;
    }

    private static string Shorten(string text)
    {
        var t = text.Trim();
        return t.Length > 80 ? t[..80] + "…" : t;
    }
}

/// <summary>
/// "invite &lt;e-mail&gt;" (a partner admin): invites a colleague at the organisation's domain; "invite" alone lists the
/// open invitations, each with a button to revoke it.
/// </summary>
public sealed class InviteCommand(Invitations invitations) : ICommand
{
    public const string Revoke = "invite.revoke";

    public CommandInfo Info { get; } = new("invite", CommandInfo.Partners)
    {
        HelpKey = "help.invite",
        Order = 880,
        OfferedTo = actor => actor.IsPartnerAdmin,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        if (arguments.Trim().Length > 0)
        {
            var outcome = await invitations.InviteAsync(ctx.Actor, arguments, ct);
            ctx.Send(ctx.T(outcome.Key, outcome.Args.Select(a => a is DateTimeOffset at ? Day(ctx, at) : a).ToArray()), Visibility.Asker);
            return;
        }
        var open = await invitations.OpenAsync(ctx.Actor, ct);
        if (open is null)
        {
            ctx.Send(ctx.T("invite.not-admin"), Visibility.Asker);
            return;
        }
        if (open.Count == 0)
        {
            ctx.Send(ctx.T("invite.none-open"), Visibility.Asker);
            return;
        }
        var blocks = new List<Block> { new TextBlock(ctx.T("invite.list.title", open.Count), TextStyle.Heading) };
        foreach (var i in open)
        {
            blocks.Add(new TextBlock(ctx.T("invite.list.item", i.Email, Day(ctx, i.ExpiresAt))));
            blocks.Add(new ActionsBlock([new(ctx.T("invite.list.revoke"), new ActionRef(Revoke, new Dictionary<string, string> { ["id"] = i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            {
                Style = ButtonStyle.Danger,
            }]));
        }
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("invite.list.title", open.Count) });
    }

    /// <summary>The day an invitation ends, in the reader's time zone and language.</summary>
    internal static string Day(TurnContext ctx, DateTimeOffset at) =>
        LocaleFormat.For(ctx.Language).Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, ctx.Actor.TimeZone).DateTime));
}

/// <summary>The admin's "Revoke" button on an open invitation.</summary>
public sealed class InvitationActions(Invitations invitations) : IActionHandler
{
    public string Prefix => "invite.";

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        if (action.Name != InviteCommand.Revoke || !long.TryParse(action.Value("id"), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
            return;
        }
        var (key, email) = await invitations.RevokeAsync(ctx.Actor, id, ct);
        ctx.Send(ctx.T(key, email ?? ""), Visibility.Asker);
    }
}
