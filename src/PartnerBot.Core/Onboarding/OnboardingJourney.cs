using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Onboarding;

/// <summary>One step of an organisation's journey: done or not, and the UTC day it was done when that day is known.</summary>
public sealed record StepState(OnboardingStep Step, bool Done, DateOnly? On);

/// <summary>Where an organisation is on the program's onboarding journey (Program:Onboarding:Steps, in order).</summary>
public sealed record OnboardingProgress(string OrganisationId, string Name, string? OwnerRepId, DateOnly JoinedOn,
    IReadOnlyList<StepState> Steps, FirstDealDays Deals)
{
    /// <summary>The first step not done, in the journey's order; null when every step is done.</summary>
    public OnboardingStep? Stage => Steps.FirstOrDefault(s => !s.Done)?.Step;
    public IReadOnlyList<OnboardingStep> Missing => Steps.Where(s => !s.Done).Select(s => s.Step).ToList();
    public int DoneCount => Steps.Count(s => s.Done);

    /// <summary>
    /// Days from joining to the first closed-won deal, both as UTC dates, so every reader in every time zone reads the
    /// same number; null when no win is recorded here, or the organisation had won before PartnerBot (its first win has no day).
    /// </summary>
    public int? DaysToFirstDeal => Deals.WonBefore || Deals.FirstWonAt is not { } won
        ? null
        : Math.Max(0, OnboardingJourney.UtcDay(won).DayNumber - JoinedOn.DayNumber);

    public int DaysSinceJoining(DateOnly today) => today.DayNumber - JoinedOn.DayNumber;
}

/// <summary>
/// The journey, derived: each step is asked of the capability that owns its data (People: the profile; Enablement:
/// sales certifications and content opens; Deals: registrations and wins). Nothing about onboarding is stored.
/// </summary>
public static class OnboardingJourney
{
    public static DateOnly UtcDay(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The progress of each of <paramref name="organisations"/>; <paramref name="all"/> says they are every organisation (one query each, unfiltered).</summary>
    public static async Task<List<OnboardingProgress>> ForAsync(PartnerBotDb db, OnboardingRules rules,
        IReadOnlyCollection<PartnerOrganisation> organisations, bool all, CancellationToken ct)
    {
        string[]? ids = all ? null : organisations.Select(o => o.Id).ToArray();
        var certified = await SalesCertifications.FirstEarnedAsync(db, ids, ct);
        var opened = await ContentOpens.FirstOpenedAsync(db, ids, ct);
        var deals = await FirstDeals.ForAsync(db, organisations, all, ct);
        var journey = rules.Journey;
        return organisations.Select(o =>
        {
            var d = deals.GetValueOrDefault(o.Id, FirstDealDays.None);
            var steps = journey.Select(step => step switch
            {
                OnboardingStep.Profile => new StepState(step, OrganisationProfile.IsComplete(o), null),
                OnboardingStep.SalesCertification => certified.TryGetValue(o.Id, out var on)
                    ? new StepState(step, true, on)
                    : new StepState(step, SalesCertifications.ImportedAsCertified(o), null),
                OnboardingStep.FirstContentOpened => Known(step, opened.TryGetValue(o.Id, out var at) ? at : null),
                OnboardingStep.FirstRegistration => Known(step, d.FirstRegisteredAt),
                _ => d.WonBefore ? new StepState(step, true, null) : Known(step, d.FirstWonAt),
            }).ToList();
            return new OnboardingProgress(o.Id, o.Name, o.OwnerRepId, o.JoinedOn, steps, d);
        }).ToList();
    }

    /// <summary>One organisation's progress.</summary>
    public static async Task<OnboardingProgress> ForAsync(PartnerBotDb db, OnboardingRules rules, PartnerOrganisation organisation, CancellationToken ct) =>
        (await ForAsync(db, rules, [organisation], all: false, ct))[0];

    /// <summary>The organisations as the journey reads them (no tracking).</summary>
    public static Task<List<PartnerOrganisation>> OrganisationsAsync(IQueryable<PartnerOrganisation> organisations, CancellationToken ct) =>
        organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);

    private static StepState Known(OnboardingStep step, DateTimeOffset? at) => new(step, at is not null, at is { } a ? UtcDay(a) : null);
}
