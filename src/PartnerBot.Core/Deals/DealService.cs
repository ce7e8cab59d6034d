using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

public enum RegistrationOutcome { Approved, InReview, AlreadyRegistered }

/// <summary>
/// Registers, decides, reviews and extends deals on the turn's DbContext (the engine saves once) and queues the
/// messages to the other side. Scoped; commands and dialogs get it from <see cref="TurnContext.Services"/>.
/// </summary>
public sealed class DealService(PartnerBotDb db, ConflictChecker conflicts, DealSaveInterceptor saves, Notifier notifier,
    Localizer localizer, IOptions<ProgramOptions> options, TimeProvider clock)
{
    private ProgramOptions Program => options.Value;

    public static DateOnly Today(TimeZoneInfo tz, DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, tz).DateTime);

    public async Task<(RegistrationOutcome Outcome, DealRegistration Deal)> RegisterAsync(TurnContext ctx, DealInput input, CancellationToken ct)
    {
        var org = await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == ctx.Actor.PartnerOrganisationId, ct);
        // The partner's own domain (a contact at the partner) says nothing about the customer.
        var domain = string.Equals(input.Domain, org.Domain, StringComparison.OrdinalIgnoreCase) ? null : input.Domain;
        var found = await conflicts.CheckAsync(org.Id, input.Company, domain, ct);
        if (found.SameOrganisation is { } own)
        {
            var existing = await db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == own.Id, ct);
            return (RegistrationOutcome.AlreadyRegistered, existing);
        }

        var now = clock.GetUtcNow();
        var today = Today(ctx.Actor.TimeZone, now);
        var inProgramCurrency = input.Amount is { } a ? Money.ToProgramCurrency(a, input.Currency, Program) : null;
        var (status, reason) = DealRules.Decide(found, inProgramCurrency, Program);
        var deal = new DealRegistration
        {
            Id = DealRules.NewId(),
            PartnerOrganisationId = org.Id,
            RegisteredByPersonId = ctx.Actor.PersonId,
            CompanyName = input.Company,
            NormalizedName = CompanyNames.Normalize(input.Company),
            Domain = domain,
            Website = input.Website,
            ContactName = input.ContactName,
            ContactEmail = input.ContactEmail,
            CloseDate = input.CloseDate,
            Amount = input.Amount,
            Currency = input.Currency,
            Product = input.Product,
            Notes = input.Notes,
            Status = status,
            ReviewReason = reason,
            RegisteredAt = now,
            UpdatedAt = now,
            ProtectedUntil = status == DealStatus.Approved ? today.AddDays(DealRules.WindowDays(org.Tier, Program)) : null,
            ConflictingRegistrationIds = Join(found.Others.Where(m => m.Kind == ConflictKind.OtherPartner)),
            ConflictingDirectAccountIds = Join(found.Others.Where(m => m.Kind == ConflictKind.DirectAccount)),
        };
        db.DealRegistrations.Add(deal);
        // Approved on what the index saw: the save holds only if this registration also wins the account's claims,
        // else the turn runs again and this time sees the registration that won (see DealSaveInterceptor).
        if (status == DealStatus.Approved) saves.MustWin(deal);
        if (status == DealStatus.InReview) await QueueReviewAsync(deal, org, ct);
        return (status == DealStatus.Approved ? RegistrationOutcome.Approved : RegistrationOutcome.InReview, deal);
    }

    private static string? Join(IEnumerable<ConflictMatch> matches)
    {
        var ids = matches.Select(m => m.Id).Distinct().Take(20).ToList();
        return ids.Count == 0 ? null : string.Join(',', ids);
    }

    private async Task QueueReviewAsync(DealRegistration deal, PartnerOrganisation org, CancellationToken ct)
    {
        foreach (var reviewer in await OrganisationAccess.DecidersAsync(db.People.AsNoTracking(), org, ct))
        {
            var reply = await ReviewCardAsync(deal, org, reviewer.Preferences.Language, ct);
            await notifier.QueueOnceAsync(reviewer.Id, reply, $"deal-review:{deal.Id}:{reviewer.Id}", ct);
        }
    }

    /// <summary>For vendor staff only: the new registration and what it overlaps, side by side, with approve / reject.</summary>
    public async Task<Reply> ReviewCardAsync(DealRegistration deal, PartnerOrganisation org, string lang, CancellationToken ct)
    {
        string T(string key, params object?[] args) => localizer.Get(lang, key, args);
        var registeredBy = await db.People.AsNoTracking().Where(p => p.Id == deal.RegisteredByPersonId).Select(p => p.DisplayName).FirstOrDefaultAsync(ct);
        var why = (deal.ReviewReason ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r == "amount" ? T("deal.review.why.amount", LocaleFormat.For(lang).Money(Program.DealRegistration.ReviewAmountThreshold, Program.Currency)) : T("deal.review.why.conflict"));
        var blocks = new List<Block>
        {
            new TextBlock(T("deal.review.title", org.Name, deal.CompanyName), TextStyle.Heading),
            new TextBlock(string.Join(' ', why)),
            new FactsBlock(DealFacts(deal, lang, org.Name, registeredBy)) { Title = T("deal.review.new") },
        };
        foreach (var otherId in DealRegistration.SplitIds(deal.ConflictingRegistrationIds).Take(3))
        {
            var other = await db.DealRegistrations.AsNoTracking().Include(d => d.PartnerOrganisation).FirstOrDefaultAsync(d => d.Id == otherId, ct);
            if (other is null) continue;
            blocks.Add(new FactsBlock(DealFacts(other, lang, other.PartnerOrganisation?.Name, null)) { Title = T("deal.review.earlier") });
        }
        foreach (var accountId in DealRegistration.SplitIds(deal.ConflictingDirectAccountIds).Take(3))
        {
            var account = await db.DirectSalesAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
            if (account is null) continue;
            blocks.Add(new FactsBlock(
            [
                new(T("deal.field.company"), account.Name),
                new(T("deal.field.domain"), account.Domain ?? "—"),
                new(T("deal.field.owner"), account.Owner ?? "—"),
            ]) { Title = T("deal.review.direct") });
        }
        var data = new Dictionary<string, string> { ["deal"] = deal.Id };
        if (deal.Status == DealStatus.InReview)
            blocks.Add(new ActionsBlock(
            [
                new(T("deal.review.approve"), new ActionRef(DealActions.Approve, data)) { Style = ButtonStyle.Primary },
                new(T("deal.review.reject"), new ActionRef(DealActions.Reject, data)) { Style = ButtonStyle.Danger },
            ]));
        else blocks.Add(await DecidedAsync(lang, deal.Status == DealStatus.Rejected ? "deal.review.decided.Rejected" : "deal.review.decided.Approved", deal.ReviewerPersonId, deal.DecidedAt ?? deal.UpdatedAt, deal.DecisionReason, ct));
        return new Reply(blocks)
        {
            Summary = T("deal.review.title", org.Name, deal.CompanyName),
            Refresh = new ActionRef(DealActions.Card, new Dictionary<string, string> { ["deal"] = deal.Id, ["card"] = "review" }),
        };
    }

    /// <summary>What a decided card says instead of its buttons: who decided, when, and the reason when there is one.</summary>
    private async Task<TextBlock> DecidedAsync(string lang, string key, string? deciderId, DateTimeOffset at, string? reason, CancellationToken ct)
    {
        var decider = await NameOfAsync(deciderId, ct);
        var text = localizer.Get(lang, key, decider ?? "—", LocaleFormat.For(lang).Date(at, TimeZoneInfo.Utc));
        if (reason is { Length: > 0 }) text += "\n" + localizer.Get(lang, "deal.review.decided.reason", reason);
        return new TextBlock(text, TextStyle.Note);
    }

    /// <summary>After a decision: every reviewer's copy of the review card shows it, in place, in their language.</summary>
    private async Task RewriteReviewCardsAsync(DealRegistration deal, CancellationToken ct)
    {
        var org = deal.PartnerOrganisation ?? await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == deal.PartnerOrganisationId, ct);
        await notifier.QueueUpdatesAsync($"deal-review:{deal.Id}:", deal.Status == DealStatus.Rejected ? "rejected" : "approved",
            async (personId, c) => await ReviewCardAsync(deal, org, await LanguageOfAsync(personId, c), c), ct);
    }

    /// <summary>The display name of whoever last decided on the deal (review or extension), or null.</summary>
    public Task<string?> DeciderNameAsync(DealRegistration deal, CancellationToken ct) => NameOfAsync(deal.ReviewerPersonId, ct);

    private async Task<string?> NameOfAsync(string? personId, CancellationToken ct) =>
        personId is null ? null : await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.DisplayName).FirstOrDefaultAsync(ct);

    private async Task<string> LanguageOfAsync(string personId, CancellationToken ct) =>
        await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Preferences.Language).FirstOrDefaultAsync(ct) ?? Languages.English;

    /// <summary>A deal's fields as facts. The organisation line is only passed for vendor staff.</summary>
    public List<Fact> DealFacts(DealRegistration d, string lang, string? organisation, string? registeredBy)
    {
        string T(string key, params object?[] args) => localizer.Get(lang, key, args);
        var facts = new List<Fact> { new(T("deal.field.reference"), d.Id) };
        if (organisation is not null) facts.Add(new(T("deal.field.partner"), organisation));
        if (registeredBy is not null) facts.Add(new(T("deal.field.registered-by"), registeredBy));
        facts.Add(new(T("deal.field.company"), d.CompanyName));
        if (d.Domain is not null) facts.Add(new(T("deal.field.domain"), d.Domain));
        var contact = string.Join(" ", new[] { d.ContactName, d.ContactEmail is null ? null : $"<{d.ContactEmail}>" }.Where(x => x is not null));
        if (contact.Length > 0) facts.Add(new(T("deal.field.contact"), contact));
        facts.Add(new(T("deal.field.amount"), d.Amount is { } a ? LocaleFormat.For(lang).Money(a, d.Currency) : "—"));
        facts.Add(new(T("deal.field.close-date"), LocaleFormat.For(lang).Date(d.CloseDate)));
        if (d.Product is not null) facts.Add(new(T("deal.field.product"), d.Product));
        facts.Add(new(T("deal.field.status"), T($"deal.status.{d.Status}")));
        facts.Add(new(T("deal.field.registered-at"), LocaleFormat.For(lang).Date(d.RegisteredAt, TimeZoneInfo.Utc)));
        if (d.ProtectedUntil is { } until) facts.Add(new(T("deal.field.protected-until"), LocaleFormat.For(lang).Date(until)));
        if (d.Notes is not null) facts.Add(new(T("deal.field.notes"), d.Notes));
        return facts;
    }

    public async Task<string?> ApproveAsync(TurnContext ctx, DealRegistration deal, CancellationToken ct)
    {
        if (deal.Status != DealStatus.InReview) return "deal.review.already-decided";
        var org = deal.PartnerOrganisation ?? await db.PartnerOrganisations.FirstAsync(o => o.Id == deal.PartnerOrganisationId, ct);
        var today = Today(TimeZoneInfo.Utc, clock.GetUtcNow());
        deal.Status = DealStatus.Approved;
        deal.ProtectedUntil = today.AddDays(DealRules.WindowDays(org.Tier, Program));
        Decided(ctx, deal, null);
        await RewriteReviewCardsAsync(deal, ct);
        await TellPartnerAsync(deal, "deal.told.approved", $"deal-decided:{deal.Id}", p => [deal.CompanyName, LocaleFormat.For(p).Date(deal.ProtectedUntil!.Value)], ct);
        return null;
    }

    public async Task<string?> RejectAsync(TurnContext ctx, DealRegistration deal, string reason, CancellationToken ct)
    {
        if (deal.Status != DealStatus.InReview) return "deal.review.already-decided";
        deal.Status = DealStatus.Rejected;
        Decided(ctx, deal, reason);
        await RewriteReviewCardsAsync(deal, ct);
        await TellPartnerAsync(deal, "deal.told.rejected", $"deal-decided:{deal.Id}", _ => [deal.CompanyName, reason], ct);
        return null;
    }

    private void Decided(TurnContext ctx, DealRegistration deal, string? reason)
    {
        deal.ReviewerPersonId = ctx.Actor.PersonId;
        deal.DecidedAt = clock.GetUtcNow();
        deal.DecisionReason = reason;
        deal.UpdatedAt = clock.GetUtcNow();
    }

    public async Task<string?> RequestExtensionAsync(TurnContext ctx, DealRegistration deal, string reason, CancellationToken ct)
    {
        var today = Today(ctx.Actor.TimeZone, clock.GetUtcNow());
        if (DealRules.ExtensionRefusal(deal, today, Program) is { } refusal) return refusal;
        deal.ExtensionStatus = ExtensionStatus.Pending;
        deal.ExtensionReason = reason;
        deal.ExtensionRequestedAt = clock.GetUtcNow();
        deal.UpdatedAt = clock.GetUtcNow();
        var org = await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == deal.PartnerOrganisationId, ct);
        foreach (var reviewer in await OrganisationAccess.DecidersAsync(db.People.AsNoTracking(), org, ct))
            await notifier.QueueOnceAsync(reviewer.Id, ExtensionCard(deal, org, reviewer.Preferences.Language),
                $"deal-extension:{deal.Id}:{deal.ExtensionsUsed}:{reviewer.Id}", ct);
        return null;
    }

    /// <param name="decider">Who decided the extension, once it is decided.</param>
    public Reply ExtensionCard(DealRegistration deal, PartnerOrganisation org, string lang, string? decider = null)
    {
        string T(string key, params object?[] args) => localizer.Get(lang, key, args);
        var data = new Dictionary<string, string> { ["deal"] = deal.Id };
        return new Reply(
        [
            new TextBlock(T("deal.extension.title", org.Name, deal.CompanyName, Program.DealRegistration.ExtensionDays), TextStyle.Heading),
            new FactsBlock([.. DealFacts(deal, lang, org.Name, null), new(T("deal.field.extension-reason"), deal.ExtensionReason ?? "")]),
            deal.ExtensionStatus == ExtensionStatus.Pending
                ? new ActionsBlock(
                [
                    new(T("deal.review.approve"), new ActionRef(DealActions.ExtensionApprove, data)) { Style = ButtonStyle.Primary },
                    new(T("deal.review.reject"), new ActionRef(DealActions.ExtensionReject, data)) { Style = ButtonStyle.Danger },
                ])
                : new TextBlock(T($"deal.extension.decided.{deal.ExtensionStatus}", decider ?? "—"), TextStyle.Note),
        ])
        {
            Summary = T("deal.extension.title", org.Name, deal.CompanyName, Program.DealRegistration.ExtensionDays),
            Refresh = new ActionRef(DealActions.Card, new Dictionary<string, string> { ["deal"] = deal.Id, ["card"] = "extension" }),
        };
    }

    public async Task<string?> DecideExtensionAsync(TurnContext ctx, DealRegistration deal, bool approve, CancellationToken ct)
    {
        if (deal.ExtensionStatus != ExtensionStatus.Pending) return "deal.review.already-decided";
        var requestedAt = deal.ExtensionsUsed; // the request's cards are keyed by the count before this decision
        if (approve)
        {
            deal.ExtensionStatus = ExtensionStatus.Approved;
            deal.ExtensionsUsed++;
            deal.ProtectedUntil = deal.ProtectedUntil!.Value.AddDays(Program.DealRegistration.ExtensionDays);
            deal.LastReminderDaysBefore = null; // reminders start again for the new end
            if (deal.Status == DealStatus.Expired) deal.Status = DealStatus.Approved;
        }
        else deal.ExtensionStatus = ExtensionStatus.Rejected;
        deal.ReviewerPersonId = ctx.Actor.PersonId;
        deal.UpdatedAt = clock.GetUtcNow();
        var org = deal.PartnerOrganisation ?? await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == deal.PartnerOrganisationId, ct);
        await notifier.QueueUpdatesAsync($"deal-extension:{deal.Id}:{requestedAt}:", deal.ExtensionStatus.ToString(),
            async (personId, c) => ExtensionCard(deal, org, await LanguageOfAsync(personId, c), ctx.Actor.Name), ct);
        await TellPartnerAsync(deal, approve ? "deal.told.extension-approved" : "deal.told.extension-rejected",
            $"deal-extension-decided:{deal.Id}:{deal.ExtensionsUsed}:{deal.ExtensionStatus}",
            p => [deal.CompanyName, LocaleFormat.For(p).Date(deal.ProtectedUntil!.Value)], ct);
        return null;
    }

    /// <summary>A private message to the person who registered the deal, in their language, once per <paramref name="dedupeKey"/>. Returns whether it was queued.</summary>
    public async Task<bool> TellPartnerAsync(DealRegistration deal, string key, string dedupeKey, Func<string, object?[]> args, CancellationToken ct)
    {
        var partner = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == deal.RegisteredByPersonId, ct);
        if (partner is null) return false;
        var lang = partner.Preferences.Language;
        var text = localizer.Get(lang, key, args(lang));
        var reply = new Reply([new TextBlock(text), new FactsBlock(DealFacts(deal, lang, null, null))])
        {
            Visibility = Visibility.Asker,
            Summary = text,
        };
        return await notifier.QueueOnceAsync(partner.Id, reply, dedupeKey, ct);
    }
}

public static class DealActions
{
    public const string Prefix = "deal.";
    public const string Approve = "deal.approve";
    public const string Reject = "deal.reject";
    public const string ExtensionApprove = "deal.extension.approve";
    public const string ExtensionReject = "deal.extension.reject";
    /// <summary>Draws a review or extension card as it stands now, for the person looking at it (Teams' refresh).</summary>
    public const string Card = "deal.card";
}
