using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Audit;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.Importing;
using PartnerBot.Leads;
using PartnerBot.Localization;
using PartnerBot.Mdf;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Integrations;

/// <summary>
/// What a write through the API came to: a value, or why not: the organisation, fields in error (each with its
/// message), or <see cref="Conflict"/> when the program's rules refuse it in the row's present state.
/// </summary>
public sealed record ApiWriteResult<T>(T? Value, PartnerAccess Access, IReadOnlyDictionary<string, string>? Errors, string? Conflict = null) where T : class
{
    public static ApiWriteResult<T> Refused(PartnerAccess access) => new(null, access, null);
    public static ApiWriteResult<T> Invalid(string field, string message) => new(null, PartnerAccess.Visible, new Dictionary<string, string> { [field] = message });
}

/// <summary>A person written through the API: whether they are new, and the person as the API shows them.</summary>
public sealed record PersonWritten(bool Added, PersonResource Person);
public sealed record PartnerWritten(bool Added, PartnerResource Partner);
public sealed record PartnerAccountWritten(bool Added, PartnerAccountResource Account);
/// <summary>What a whole shared list written at once did, and how many of the organisation's accounts it now holds and overlap.</summary>
public sealed record PartnerAccountsShared(long Added, long Updated, long Unchanged, int Shared, int Overlapping);

/// <summary>A registration made through the API: the same outcome chat tells the partner, and the registration.</summary>
public sealed record DealRegistered(string Outcome, DealResource Deal);

/// <summary>
/// The REST API's writes. Each one runs as a turn of the person the integration acts for, through the very services
/// the chat's dialogs call (<see cref="DealService"/>, <see cref="DealRules"/>, <see cref="MdfPlanSubmission"/>,
/// <see cref="MdfClaimSubmission"/>, <see cref="CertificationRecorder"/>; people through the people import, <see cref="PersonImporter"/>): the same validation, conflict check,
/// decision, notifications and audit. The audit log names the key ("apikey:{id}", channel "api"), and a write that
/// loses a race on a contended account runs again against what the winner committed, as a chat turn does.
/// </summary>
public sealed class ApiWrites(PartnerBotDb db, ApiReads reads, DealService deals, MdfPlanSubmission mdfPlans, MdfClaimSubmission mdfClaims,
    CertificationRecorder certifications, LeadService leads, ImportRunner imports, IOptions<ProgramOptions> program, Localizer localizer,
    TimeProvider clock, IServiceProvider services, Router router, DialogRunner dialogs, AuditScope audit, OutboxSignal outbox)
{
    private const int MaxRuns = 4;
    public const string RegisteredBy = "registeredBy";
    public const string RequestedBy = "requestedBy";
    public const string SubmittedBy = "submittedBy";
    public const string ClaimedBy = "claimedBy";

    /// <summary>Registers a deal for organisation <paramref name="partnerId"/>, by the partner user <paramref name="registeredBy"/> (id or e-mail).</summary>
    public async Task<ApiWriteResult<DealRegistered>> RegisterDealAsync(ApiKey key, string partnerId, string? registeredBy,
        IReadOnlyDictionary<string, string> fields, CancellationToken ct)
    {
        var actor = key.ToActor();
        if (await reads.CheckPartnerAsync(actor, partnerId, ct) is not PartnerAccess.Visible and var access)
            return ApiWriteResult<DealRegistered>.Refused(access);
        if (await PartnerUserAsync(partnerId, registeredBy, ct) is not { } person)
            return ApiWriteResult<DealRegistered>.Invalid(RegisteredBy, NotAPartnerUser(registeredBy, partnerId));

        return await RunAsync<ApiWriteResult<DealRegistered>>(key, AsPartnerUser(person), "api.deal.register", fields, async ctx =>
        {
            var today = DealService.Today(ctx.Actor.TimeZone, ctx.Now);
            var errors = DealRules.Validate(fields, today, program.Value, out var input);
            if (errors.Count > 0 || input is null)
            {
                var messages = errors.ToDictionary(e => e.Key, e => ctx.T(e.Value.Key, e.Value.Args));
                return () => new ApiWriteResult<DealRegistered>(null, PartnerAccess.Visible, messages);
            }
            var (outcome, deal) = await deals.RegisterAsync(ctx, input, ct);
            return () => new ApiWriteResult<DealRegistered>(new DealRegistered(outcome.ToString(), DealResource.From(deal, actor)), PartnerAccess.Visible, null);
        }, ct);
    }

    /// <summary>Asks for the one extension of a registration, for the partner user <paramref name="requestedBy"/>, with a reason.</summary>
    public async Task<ApiWriteResult<DealResource>> RequestExtensionAsync(ApiKey key, string dealId, string? requestedBy, string? reason, CancellationToken ct)
    {
        var actor = key.ToActor();
        var visible = await db.DealRegistrations.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(d => d.Id == dealId, ct);
        if (visible is null) return ApiWriteResult<DealResource>.Refused(PartnerAccess.NotFound);
        if (await PartnerUserAsync(visible.PartnerOrganisationId, requestedBy, ct) is not { } person)
            return ApiWriteResult<DealResource>.Invalid(RequestedBy, NotAPartnerUser(requestedBy, visible.PartnerOrganisationId));

        var values = new Dictionary<string, string> { [ReasonForm.Field] = reason ?? "" };
        return await RunAsync<ApiWriteResult<DealResource>>(key, AsPartnerUser(person), "api.deal.extend", values, async ctx =>
        {
            var (text, error) = ReasonForm.Read(ctx);
            if (text is null) return () => ApiWriteResult<DealResource>.Invalid(ReasonForm.Field, error!);
            var deal = await DealScope.FindVisibleAsync(db, ctx.Actor, dealId, ct);
            if (deal is null) return () => ApiWriteResult<DealResource>.Refused(PartnerAccess.NotFound);
            if (await deals.RequestExtensionAsync(ctx, deal, text, ct) is { } refusal)
            {
                var conflict = ctx.T(refusal, deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}"));
                return () => new ApiWriteResult<DealResource>(null, PartnerAccess.Visible, null, conflict);
            }
            return () => new ApiWriteResult<DealResource>(DealResource.From(deal, actor), PartnerAccess.Visible, null);
        }, ct);
    }

    /// <summary>Submits an MDF plan for organisation <paramref name="partnerId"/>, by the partner user <paramref name="submittedBy"/>, as the plan form does.</summary>
    public async Task<ApiWriteResult<MdfPlanResource>> SubmitMdfPlanAsync(ApiKey key, string partnerId, string? submittedBy,
        IReadOnlyDictionary<string, string> fields, CancellationToken ct)
    {
        if (await reads.CheckPartnerAsync(key.ToActor(), partnerId, ct) is not PartnerAccess.Visible and var access)
            return ApiWriteResult<MdfPlanResource>.Refused(access);
        if (await PartnerUserAsync(partnerId, submittedBy, ct) is not { } person)
            return ApiWriteResult<MdfPlanResource>.Invalid(SubmittedBy, NotAPartnerUser(submittedBy, partnerId));

        return await RunAsync<ApiWriteResult<MdfPlanResource>>(key, AsPartnerUser(person), "api.mdf.plan", fields, async ctx =>
        {
            var submitted = await mdfPlans.SubmitAsync(ctx, fields, ct);
            if (submitted.Plan is not { } plan)
            {
                var messages = submitted.Errors.ToDictionary(e => e.Key, e => ctx.T(e.Value.Key, e.Value.Args));
                return () => new ApiWriteResult<MdfPlanResource>(null, PartnerAccess.Visible, messages);
            }
            return () => new ApiWriteResult<MdfPlanResource>(MdfPlanResource.From(plan, program.Value.Currency), PartnerAccess.Visible, null);
        }, ct);
    }

    /// <summary>Claims the approved MDF plan <paramref name="planId"/>, for the partner user <paramref name="claimedBy"/>, as the claim form does.</summary>
    public async Task<ApiWriteResult<MdfClaimResource>> ClaimMdfPlanAsync(ApiKey key, string planId, string? claimedBy,
        IReadOnlyDictionary<string, string> fields, CancellationToken ct)
    {
        var visible = await reads.MdfPlanOrganisationAsync(key.ToActor(), planId, ct);
        if (visible is not { } partnerId) return ApiWriteResult<MdfClaimResource>.Refused(PartnerAccess.NotFound);
        if (await PartnerUserAsync(partnerId, claimedBy, ct) is not { } person)
            return ApiWriteResult<MdfClaimResource>.Invalid(ClaimedBy, NotAPartnerUser(claimedBy, partnerId));

        var values = new Dictionary<string, string>(fields) { [MdfClaimSubmission.PlanField] = planId };
        return await RunAsync<ApiWriteResult<MdfClaimResource>>(key, AsPartnerUser(person), "api.mdf.claim", values, async ctx =>
        {
            var submitted = await mdfClaims.SubmitAsync(ctx, values, ct);
            if (submitted.Plan is { } plan)
                return () => new ApiWriteResult<MdfClaimResource>(MdfClaimResource.From(plan, program.Value.Currency), PartnerAccess.Visible, null);
            // The plan is there (checked above) but cannot be claimed now: already claimed, not approved, too early or too late.
            if (submitted.Errors.GetValueOrDefault(MdfClaimSubmission.PlanField) is { } refusal)
                return () => new ApiWriteResult<MdfClaimResource>(null, PartnerAccess.Visible, null, ctx.T(refusal.Key, refusal.Args));
            var messages = submitted.Errors.ToDictionary(e => e.Key, e => ctx.T(e.Value.Key, e.Value.Args));
            return () => new ApiWriteResult<MdfClaimResource>(null, PartnerAccess.Visible, messages);
        }, ct);
    }

    /// <summary>
    /// Records a certification, as a rep does with "certify": only the vendor's keys may (in the program, partners do
    /// not certify themselves); the person, course and day are checked as the certify form checks them.
    /// Already on record: the certification that is, not a second one.
    /// </summary>
    public async Task<ApiWriteResult<CertificationRecorded>> RecordCertificationAsync(ApiKey key, string? personId, string? courseId, string? certifiedOn,
        CancellationToken ct)
    {
        var actor = key.ToActor();
        if (!actor.IsVendorStaff) return ApiWriteResult<CertificationRecorded>.Refused(PartnerAccess.NotVisible);
        return await RunAsync<ApiWriteResult<CertificationRecorded>>(key, actor, "api.certify", new Dictionary<string, string>(), async ctx =>
        {
            var check = await certifications.CheckAsync(ctx, personId, courseId, certifiedOn, ct);
            if (check.Errors.Count > 0)
            {
                var messages = check.Errors.ToDictionary(e => e.Key, e => ctx.T(e.Value));
                return () => new ApiWriteResult<CertificationRecorded>(null, PartnerAccess.Visible, messages);
            }
            var recorded = await certifications.RecordAsync(ctx, check.Person!, check.Course!, check.On, ct);
            return () => new ApiWriteResult<CertificationRecorded>(recorded, PartnerAccess.Visible, null);
        }, ct);
    }

    /// <summary>
    /// Adds or updates person <paramref name="id"/> through the people import (<see cref="PersonImporter"/>: the same
    /// checks and the same rule that a person's own language and time zone are theirs once set). A key of one
    /// organisation may only write partner users of its own organisation, and never a person who is someone else's.
    /// </summary>
    public async Task<ApiWriteResult<PersonWritten>> WritePersonAsync(ApiKey key, string id, IReadOnlyDictionary<string, string?> columns, CancellationToken ct)
    {
        var actor = key.ToActor();
        var own = OrganisationAccess.OwnOrganisationId(actor);
        if (own is not null)
        {
            var stored = await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Role, p.PartnerOrganisationId }).FirstOrDefaultAsync(ct);
            if (stored is not null && (stored.Role != Role.PartnerUser || stored.PartnerOrganisationId != own))
                return ApiWriteResult<PersonWritten>.Refused(PartnerAccess.NotVisible);
            var organisation = columns.GetValueOrDefault("organisation");
            if (!string.IsNullOrWhiteSpace(organisation) && organisation.Trim() != own)
                return ApiWriteResult<PersonWritten>.Invalid("organisation", $"This key writes the people of organisation '{own}' only.");
            if (!string.IsNullOrWhiteSpace(columns.GetValueOrDefault("role")) &&
                !string.Equals(columns["role"]!.Trim(), nameof(Role.PartnerUser), StringComparison.OrdinalIgnoreCase))
                return ApiWriteResult<PersonWritten>.Invalid("role", $"This key writes partner users only ({nameof(Role.PartnerUser)}).");
            columns = new Dictionary<string, string?>(columns) { ["organisation"] = own, ["role"] = nameof(Role.PartnerUser) };
        }

        var (added, errors) = await ImportOneAsync(key, PersonImporter.KindName, id, columns, "person", ct);
        if (errors is not null) return new ApiWriteResult<PersonWritten>(null, PartnerAccess.Visible, errors);
        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == id, ct);
        return new ApiWriteResult<PersonWritten>(new PersonWritten(added, PersonResource.From(person)), PartnerAccess.Visible, null);
    }

    /// <summary>
    /// Adds or updates partner organisation <paramref name="id"/> through the partners import (<see cref="PartnerImporter"/>:
    /// the same checks as a CSV row: a type and a tier of the program, a country code, a domain). Only the vendor's keys
    /// write organisations: an organisation is the vendor's record of a partner, which no partner user changes in chat.
    /// </summary>
    public async Task<ApiWriteResult<PartnerWritten>> WritePartnerAsync(ApiKey key, string id, IReadOnlyDictionary<string, string?> columns, CancellationToken ct)
    {
        if (OrganisationAccess.OwnOrganisationId(key.ToActor()) is not null) return ApiWriteResult<PartnerWritten>.Refused(PartnerAccess.NotVisible);
        var (added, errors) = await ImportOneAsync(key, PartnerImporter.KindName, id, columns, "partner", ct);
        if (errors is not null) return new ApiWriteResult<PartnerWritten>(null, PartnerAccess.Visible, errors);
        var partner = await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == id, ct);
        return new ApiWriteResult<PartnerWritten>(new PartnerWritten(added, PartnerResource.From(partner)), PartnerAccess.Visible, null);
    }

    /// <summary>
    /// Adds a lead through the leads import (<see cref="LeadImporter"/>: the same checks as a CSV row) and offers it at
    /// once to its best partner (<see cref="LeadService.OfferNextAsync"/>), as the lead job does for imported ones. Only
    /// the vendor's keys hand out leads. Without an id, the lead gets one ("LD-…"); an id already used is a conflict.
    /// </summary>
    public async Task<ApiWriteResult<LeadResource>> AddLeadAsync(ApiKey key, string? id, IReadOnlyDictionary<string, string?> columns, CancellationToken ct)
    {
        if (OrganisationAccess.OwnOrganisationId(key.ToActor()) is not null) return ApiWriteResult<LeadResource>.Refused(PartnerAccess.NotVisible);
        id = string.IsNullOrWhiteSpace(id) ? DealRules.NewId("LD-") : id.Trim();
        if (await db.Leads.AsNoTracking().AnyAsync(l => l.Id == id, ct))
            return new ApiWriteResult<LeadResource>(null, PartnerAccess.Visible, null, $"There is already a lead '{id}'.");
        var (_, errors) = await ImportOneAsync(key, LeadImporter.KindName, id, columns, "lead", ct);
        if (errors is not null) return new ApiWriteResult<LeadResource>(null, PartnerAccess.Visible, errors);
        var lead = await leads.FindAsync(id, ct);
        // Another write of this id got in between the check and the import: it updated that lead, which is not this request's.
        if (lead is null || lead.State != LeadState.New) return new ApiWriteResult<LeadResource>(null, PartnerAccess.Visible, null, $"There is already a lead '{id}'.");
        await leads.OfferNextAsync(lead, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The lead job offered it first: the lead is as that pass left it.
            db.ChangeTracker.Clear();
        }
        outbox.Notify();
        return new ApiWriteResult<LeadResource>(LeadResource.From((await leads.FindAsync(id, ct))!), PartnerAccess.Visible, null);
    }

    /// <summary>
    /// Adds or updates account <paramref name="id"/> of organisation <paramref name="partnerId"/>'s shared list through the
    /// partner-accounts import (<see cref="AccountMapping.PartnerAccountImporter"/>: the same checks as a row shared in
    /// chat). A key of one organisation writes its own list only; the organisation is the path's, never the body's.
    /// </summary>
    public async Task<ApiWriteResult<PartnerAccountWritten>> WritePartnerAccountAsync(ApiKey key, string partnerId, string id,
        IReadOnlyDictionary<string, string?> columns, CancellationToken ct)
    {
        if (await reads.CheckPartnerAsync(key.ToActor(), partnerId, ct) is not PartnerAccess.Visible and var access)
            return ApiWriteResult<PartnerAccountWritten>.Refused(access);
        var row = new Dictionary<string, string?>(columns) { [AccountMapping.PartnerAccountImporter.OrganisationColumn] = partnerId };
        var (added, errors) = await ImportOneAsync(key, AccountMapping.PartnerAccountImporter.KindName, id, row, "account", ct);
        if (errors is not null) return new ApiWriteResult<PartnerAccountWritten>(null, PartnerAccess.Visible, errors);
        var account = await db.PartnerAccounts.AsNoTracking().FirstAsync(a => a.PartnerOrganisationId == partnerId && a.Id == id, ct);
        return new ApiWriteResult<PartnerAccountWritten>(new PartnerAccountWritten(added, PartnerAccountResource.From(account)), PartnerAccess.Visible, null);
    }

    /// <summary>
    /// Adds or updates many accounts of organisation <paramref name="partnerId"/>'s shared list at once, through the
    /// partner-accounts import as one list (each row checked as a row shared in chat is): all rows or none. The
    /// organisation is the path's, never a row's. Problems come back per row ("rows[2].name", counted from 0).
    /// </summary>
    /// <summary>Rows a refused list names in its answer; the rest are counted.</summary>
    public const int ListedRowProblems = 20;

    public async Task<ApiWriteResult<PartnerAccountsShared>> SharePartnerAccountsAsync(ApiKey key, string partnerId,
        IReadOnlyList<IReadOnlyDictionary<string, string?>> rows, AccountMapping.AccountOverlaps overlaps, CancellationToken ct)
    {
        if (await reads.CheckPartnerAsync(key.ToActor(), partnerId, ct) is not PartnerAccess.Visible and var access)
            return ApiWriteResult<PartnerAccountsShared>.Refused(access);
        audit.Set(ApiKey.ActorIdFor(key.Id), Channels.Api);
        var importRows = rows.Select((columns, i) => new ImportRow(i + 1,
            new Dictionary<string, string?>(columns) { [AccountMapping.PartnerAccountImporter.OrganisationColumn] = partnerId }));
        var report = await imports.ImportAsync(AccountMapping.PartnerAccountImporter.KindName, new RowListSource(importRows), new ImportOptions(), null, ct);
        db.ChangeTracker.Clear();
        if (!report.Applied)
        {
            var errors = new Dictionary<string, string>();
            foreach (var problem in report.Problems)
            {
                var field = $"rows[{problem.Row - 1}]" + (problem.Column is null ? "" : $".{problem.Column}");
                if (errors.Count >= ListedRowProblems && !errors.ContainsKey(field)) continue;
                errors[field] = errors.TryGetValue(field, out var earlier) ? $"{earlier}; {problem.Reason}" : problem.Reason;
            }
            errors["rows"] = $"Nothing was shared: {report.Refused} of {report.Rows} rows need fixing" +
                             (report.Refused > errors.Count ? $"; the first {errors.Count} are named." : ".");
            return new ApiWriteResult<PartnerAccountsShared>(null, PartnerAccess.Visible, errors);
        }
        var overlapping = (await overlaps.ForAsync(partnerId, notAlertedOnly: false, ct)).Count;
        return new ApiWriteResult<PartnerAccountsShared>(new PartnerAccountsShared(report.Added, report.Updated, report.Unchanged,
            await overlaps.SharedCountAsync(partnerId, ct), overlapping), PartnerAccess.Visible, null);
    }

    /// <summary>
    /// One row through an importer, audited with the key: whether it added the row, or the importer's reasons per field
    /// (<paramref name="rowField"/> for a reason that names no column).
    /// </summary>
    private async Task<(bool Added, Dictionary<string, string>? Errors)> ImportOneAsync(ApiKey key, string kind, string id,
        IReadOnlyDictionary<string, string?> columns, string rowField, CancellationToken ct)
    {
        audit.Set(ApiKey.ActorIdFor(key.Id), Channels.Api);
        var row = new ImportRow(1, columns.Append(new("id", id)));
        var report = await imports.ImportAsync(kind, new RowListSource([row]), new ImportOptions(), null, ct);
        db.ChangeTracker.Clear();
        if (report.Refused == 0) return (report.Added > 0, null);
        var errors = new Dictionary<string, string>();
        foreach (var problem in report.Problems)
        {
            var field = problem.Column ?? rowField;
            errors[field] = errors.TryGetValue(field, out var earlier) ? $"{earlier}; {problem.Reason}" : problem.Reason;
        }
        return (false, errors);
    }

    /// <summary>The partner user of <paramref name="partnerId"/> with this person id or e-mail (any case), or null.</summary>
    private async Task<Person?> PartnerUserAsync(string partnerId, string? idOrEmail, CancellationToken ct)
    {
        var wanted = (idOrEmail ?? "").Trim();
        if (wanted.Length is 0 or > 320) return null;
        // One organisation's people are few: matched here, the same way on SQLite and PostgreSQL whatever their collation.
        var people = await db.People.AsNoTracking()
            .Where(p => p.Role == Role.PartnerUser && p.PartnerOrganisationId == partnerId).ToListAsync(ct);
        return people.FirstOrDefault(p => p.Id == wanted) ??
               people.FirstOrDefault(p => string.Equals(p.Email, wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static string NotAPartnerUser(string? given, string partnerId) => string.IsNullOrWhiteSpace(given)
        ? "Name the partner user this is for: their person id or e-mail."
        : $"'{given}' is not a partner user of organisation '{partnerId}' (give a person id or e-mail).";

    /// <summary>The partner user as the actor of an API write: answering in English, in their own time zone.</summary>
    private static Actor AsPartnerUser(Person person) => Actor.From(person) with
    {
        Preferences = new Preferences { Language = Languages.English, TimeZone = person.Preferences.TimeZone },
    };

    /// <summary>
    /// Runs <paramref name="work"/> as a turn of <paramref name="actor"/>, audited as the key,
    /// and saves what it changed in one transaction; a write that lost a race on a contended row runs again. The work
    /// returns how to describe its result, which is done after the save (a registration's version is set by it).
    /// </summary>
    private async Task<T> RunAsync<T>(ApiKey key, Actor actor, string operation, IReadOnlyDictionary<string, string> values,
        Func<TurnContext, Task<Func<T>>> work, CancellationToken ct)
    {
        audit.Set(ApiKey.ActorIdFor(key.Id), Channels.Api);
        var turn = new Turn
        {
            User = new ChannelUser(Channels.Api, Channels.Api, key.Id),
            Conversation = new ConversationAddress(Channels.Api, key.Id, ConversationKind.Personal),
            Action = new ActionInvocation(operation, values),
        };
        for (var run = 1; ; run++)
        {
            try
            {
                var describe = await work(new TurnContext(turn, actor, db, localizer, clock, services, router, dialogs));
                var queued = db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
                await db.SaveChangesAsync(ct);
                if (queued) outbox.Notify();
                return describe();
            }
            catch (ContendedWriteException) when (run < MaxRuns)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
