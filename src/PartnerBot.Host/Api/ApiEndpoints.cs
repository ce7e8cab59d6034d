using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerBot.Deals;
using PartnerBot.Integrations;
using static PartnerBot.Integrations.ApiScopes;

namespace PartnerBot.Host.Api;

/// <summary>The body of POST /api/v1/partners/{partnerId}/deals: the registration form's fields, and who registers it.</summary>
/// <param name="RegisteredBy">The partner user registering it (person id or e-mail): the program's messages about it go to them.</param>
/// <param name="CloseDate">yyyy-MM-dd (the chat's words for a date are accepted too, as in the form).</param>
/// <param name="Amount">The expected amount, in <paramref name="Currency"/> (the program's currency when left out).</param>
public sealed record RegisterDealRequest(string? RegisteredBy, string? Company, string? Website, string? ContactName, string? ContactEmail,
    string? CloseDate, decimal? Amount, string? Currency, string? Product, string? Notes);

/// <summary>The body of POST /api/v1/partners/{partnerId}/mdf/plans: the plan form's fields, and who submits it.</summary>
/// <param name="SubmittedBy">The partner user submitting it (person id or e-mail).</param>
/// <param name="ActivityType">One of the program's activity types (Program:Mdf:ActivityTypes), such as "webinar".</param>
/// <param name="StartDate">yyyy-MM-dd, at least Program:Mdf:MinLeadTimeDays ahead and inside the current fund's period.</param>
public sealed record MdfPlanRequest(string? SubmittedBy, string? ActivityType, string? Title, string? StartDate, string? EndDate,
    decimal? RequestedAmount, int? ExpectedLeads, decimal? ExpectedPipeline, string? Description);

/// <summary>The body of POST /api/v1/deals/{id}/extension.</summary>
/// <param name="RequestedBy">The partner user asking (person id or e-mail).</param>
public sealed record ExtensionRequest(string? RequestedBy, string? Reason);

/// <summary>The body of POST /api/v1/mdf/plans/{id}/claim: the claim form's fields, and who claims.</summary>
/// <param name="ClaimedBy">The partner user claiming (person id or e-mail), of the plan's organisation.</param>
/// <param name="ActualCost">What the activity cost, in the program's currency: at most the approved amount.</param>
/// <param name="ProofLinks">Links (http or https) to the proof of performance: at least one.</param>
public sealed record MdfClaimRequest(string? ClaimedBy, decimal? ActualCost, int? LeadsGenerated, IReadOnlyList<string>? ProofLinks);

/// <summary>The body of POST /api/v1/certifications: who passed which certification course, on which day.</summary>
/// <param name="Person">The partner user's person id.</param>
/// <param name="Course">The id of a certification course of the content catalog.</param>
/// <param name="CertifiedOn">yyyy-MM-dd, not after today.</param>
public sealed record CertificationRequest(string? Person, string? Course, string? CertifiedOn);

/// <summary>The body of PUT /api/v1/partners/{id}: the columns of the partners import (docs/crm-sync.md), named the same.
/// A field left out is what the import does with an empty cell (a count 0, a flag false).</summary>
public sealed record PartnerRequest(string? Name, string? Type, string? Tier, string? OwnerRep, string? Country, string? Domain,
    DateOnly? JoinedOn, DateOnly? TierSince, decimal? AnnualRevenue, int? SalesCertifiedReps, int? TechnicalCertifications,
    int? CustomerReferences, bool? DedicatedPractice, bool? ExecutiveSponsor, int? ClosedDeals);

/// <summary>The body of PUT /api/v1/partners/{partnerId}/accounts/{id}: one account of the partner's shared customer and prospect list.</summary>
/// <param name="Domain">The company's own web domain or site (not a free-mail domain).</param>
/// <param name="Kind">Customer (when left out) or Prospect.</param>
public sealed record PartnerAccountRequest(string? Name, string? Domain, string? Kind);

/// <summary>One row of the body of POST /api/v1/partners/{partnerId}/accounts: the partner's whole list (or part of it) at once.</summary>
public sealed record PartnerAccountRow(string? Id, string? Name, string? Domain, string? Kind);

/// <summary>The body of PUT /api/v1/people/{id}: the people import's columns. A key of one organisation writes its own partner users only.</summary>
/// <param name="Role">PartnerUser, Rep, Manager or Admin (a key of one organisation: PartnerUser, or left out).</param>
/// <param name="Organisation">A partner user's organisation (a key of one organisation: its own, or left out); vendor staff have none.</param>
/// <param name="Language">en, ms, zh-Hans or pl: a new person's first language (their own choice is never overwritten).</param>
/// <param name="TimeZone">An IANA time zone, such as Europe/Warsaw: a new person's first time zone.</param>
/// <param name="PartnerAdmin">A partner user who may invite colleagues of their organisation from chat (false when left out).</param>
public sealed record PersonRequest(string? Name, string? Email, string? Role, string? Organisation, string? Language, string? TimeZone, bool? PartnerAdmin);

/// <summary>The body of POST /api/v1/leads: the leads import's columns (docs/crm-sync.md), named the same.</summary>
/// <param name="Id">The lead's id in your CRM; left out, PartnerBot gives it one ("LD-…").</param>
/// <param name="Country">The customer's two-letter country code (ISO 3166).</param>
/// <param name="PartnerType">The type of partner the lead asks for: Referral, Reseller, Msp, Implementation or Technology.</param>
/// <param name="Rep">The person id of the rep or manager who owns the lead, told when no partner takes it.</param>
public sealed record LeadRequest(string? Id, string? Company, string? Domain, string? ContactName, string? ContactEmail, string? Country,
    string? Product, decimal? Amount, string? Currency, string? PartnerType, string? Source, string? Rep);

/// <summary>
/// The REST API under /api/v1: thin. Each endpoint checks its query, then asks <see cref="ApiReads"/> or
/// <see cref="ApiWrites"/> (in Core) for the key's actor, so the rules are those of the chat. Ids of other
/// organisations' rows answer 404, and naming another organisation answers 403, whether it exists or not.
/// </summary>
public static class ApiEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;
    /// <summary>The largest body of a write of many rows at once (a partner's shared list).</summary>
    public const int MaxBulkBodyBytes = 2 * 1024 * 1024;

    /// <summary>Request bodies: camelCase, and a field the API does not know is an error that names it.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static WebApplication MapApi(this WebApplication app)
    {
        var api = app.MapGroup(ApiKeyAuthentication.PathPrefix).RequireApiKeys().RequireRateLimiting(HostLimits.ApiKeyPolicy);

        var partners = api.MapGroup("/partners").WithTags("Partners");
        partners.MapGet("/", (ApiCaller c, HttpRequest r, ApiReads reads, CancellationToken ct) =>
            ListAsync(c, r, reads, (q, t) => reads.PartnersAsync(c.Actor, q, t), ct)).WithName("ListPartners").RequireScope(Areas.Partners, Read)
            .WithSummary("The partner organisations the key may see.");
        partners.MapGet("/{id}", GetPartnerAsync).WithName("GetPartner").RequireScope(Areas.Partners, Read);
        partners.MapPut("/{id}", WritePartnerAsync).WithName("WritePartner").RequireScope(Areas.Partners, Write)
            .Accepts<PartnerRequest>("application/json")
            .WithSummary("Adds or updates a partner organisation as a row of the partners import does (vendor keys only).");
        partners.MapPost("/{partnerId}/deals", RegisterDealAsync).WithName("RegisterDeal").WithTags("Deals").RequireScope(Areas.Deals, Write)
            .Accepts<RegisterDealRequest>("application/json")
            .WithSummary("Registers a deal for the organisation, with the chat's validation, conflict check and decision.");

        partners.MapPut("/{partnerId}/accounts/{id}", WritePartnerAccountAsync).WithName("WritePartnerAccount").WithTags("Account mapping")
            .RequireScope(Areas.Accounts, Write).Accepts<PartnerAccountRequest>("application/json")
            .WithSummary("Adds or updates an account of the partner's shared customer and prospect list (a key of one organisation: its own list).");
        partners.MapPost("/{partnerId}/accounts", SharePartnerAccountsAsync).WithName("SharePartnerAccounts").WithTags("Account mapping")
            .RequireScope(Areas.Accounts, Write).Accepts<List<PartnerAccountRow>>("application/json")
            .WithSummary($"Adds or updates many accounts of the partner's shared list at once (a JSON array, at most {MaxBulkBodyBytes / 1024 / 1024} MB): all rows or none, problems per row.");
        partners.MapGet("/{partnerId}/accounts/overlap", async (string partnerId, ApiCaller c, HttpRequest r, ApiReads reads,
                AccountMapping.AccountOverlaps overlaps, CancellationToken ct) =>
            await PartnerProblemAsync(c, reads, partnerId, ct) is { } problem ? (IResult)problem
                : await ListAsync(c, r, reads, (q, t) => reads.AccountOverlapAsync(c.Actor, partnerId, overlaps, q, t), ct))
            .WithName("ListAccountOverlap").WithTags("Account mapping").RequireScope(Areas.Accounts, Read)
            .Produces<Page<AccountOverlapResource>>()
            .WithSummary("The partner's shared accounts the vendor also knows: only the overlap, never either side's whole list.");

        partners.MapPost("/{partnerId}/mdf/plans", SubmitMdfPlanAsync).WithName("SubmitMdfPlan").WithTags("MDF").RequireScope(Areas.Mdf, Write)
            .Accepts<MdfPlanRequest>("application/json")
            .WithSummary("Submits an MDF plan for the organisation, checked against its balance; its rep decides.");

        var people = api.MapGroup("/people").WithTags("People");
        people.MapGet("/", (ApiCaller c, HttpRequest r, ApiReads reads, CancellationToken ct) =>
            ListAsync(c, r, reads, (q, t) => reads.PeopleAsync(c.Actor, q, t), ct)).WithName("ListPeople").RequireScope(Areas.People, Read);
        people.MapGet("/{id}", async (string id, ApiCaller c, ApiReads reads, CancellationToken ct) =>
            Found(await reads.PersonAsync(c.Actor, id, ct), "person", id)).WithName("GetPerson").RequireScope(Areas.People, Read);
        people.MapPut("/{id}", WritePersonAsync).WithName("WritePerson").RequireScope(Areas.People, Write)
            .Accepts<PersonRequest>("application/json")
            .WithSummary("Adds or updates a person, with the people import's checks; a key of one organisation writes its own partner users only.");

        var deals = api.MapGroup("/deals").WithTags("Deals");
        deals.MapGet("/", ListDealsAsync).WithName("ListDeals").RequireScope(Areas.Deals, Read)
            .WithSummary("Deal registrations, optionally of one status or changed since a version.");
        deals.MapGet("/{id}", async (string id, ApiCaller c, ApiReads reads, CancellationToken ct) =>
            Found(await reads.DealAsync(c.Actor, id, ct), "deal registration", id)).WithName("GetDeal").RequireScope(Areas.Deals, Read);
        deals.MapPost("/{id}/extension", RequestExtensionAsync).WithName("RequestExtension").RequireScope(Areas.Deals, Write)
            .Accepts<ExtensionRequest>("application/json")
            .WithSummary("Asks for the registration's one extension, with a reason; its rep decides.");

        api.MapGet("/commission-lines", (ApiCaller c, HttpRequest r, ApiReads reads, CancellationToken ct) =>
            ListAsync(c, r, reads, (q, t) => reads.CommissionLinesAsync(c.Actor, q, t), ct)).WithName("ListCommissionLines")
            .WithTags("Commission").RequireScope(Areas.Commissions, Read);
        api.MapGet("/mdf/plans", (ApiCaller c, HttpRequest r, ApiReads reads, CancellationToken ct) =>
            ListAsync(c, r, reads, (q, t) => reads.MdfPlansAsync(c.Actor, q, t), ct)).WithName("ListMdfPlans")
            .WithTags("MDF").RequireScope(Areas.Mdf, Read);
        api.MapGet("/mdf/claims", (ApiCaller c, HttpRequest r, ApiReads reads, CancellationToken ct) =>
            ListAsync(c, r, reads, (q, t) => reads.MdfClaimsAsync(c.Actor, q, t), ct)).WithName("ListMdfClaims")
            .WithTags("MDF").RequireScope(Areas.Mdf, Read);
        api.MapGet("/content", (ApiCaller c, HttpRequest r, ApiReads reads, string? language, CancellationToken ct) =>
            ListAsync(c, r, reads, (q, t) => reads.ContentAsync(c.Actor, q, language, t), ct)).WithName("ListContent")
            .WithTags("Enablement").RequireScope(Areas.Content, Read).WithSummary("The enablement library as the key's organisation's tier sees it.");
        api.MapPost("/mdf/plans/{id}/claim", ClaimMdfPlanAsync).WithName("ClaimMdfPlan").WithTags("MDF").RequireScope(Areas.Mdf, Write)
            .Accepts<MdfClaimRequest>("application/json")
            .WithSummary("Claims an approved MDF plan after its activity, with proof of performance; its rep reimburses.");
        api.MapGet("/certifications", (ApiCaller c, HttpRequest r, ApiReads reads, CancellationToken ct) =>
            ListAsync(c, r, reads, (q, t) => reads.CertificationsAsync(c.Actor, q, t), ct)).WithName("ListCertifications")
            .WithTags("Enablement").RequireScope(Areas.Certifications, Read);
        api.MapPost("/certifications", RecordCertificationAsync).WithName("RecordCertification").WithTags("Enablement")
            .RequireScope(Areas.Certifications, Write).Accepts<CertificationRequest>("application/json")
            .WithSummary("Records a certification a partner's person passed, as a rep does in chat (vendor keys only).");
        api.MapPost("/leads", AddLeadAsync).WithName("AddLead").WithTags("Leads").RequireScope(Areas.Leads, Write)
            .Accepts<LeadRequest>("application/json")
            .WithSummary("Hands a lead to the partner program, which offers it at once to the best partner by Program:Leads (vendor keys only).");
        return app;
    }

    private static async Task<Results<Created<LeadResource>, ProblemHttpResult, ValidationProblem>> AddLeadAsync(
        ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<LeadRequest>(r, MaxBodyBytes, Json, "a lead", ct);
        if (malformed is not null) return malformed;
        var columns = new Dictionary<string, string?>
        {
            ["company"] = body!.Company, ["domain"] = body.Domain, ["contactName"] = body.ContactName, ["contactEmail"] = body.ContactEmail,
            ["country"] = body.Country, ["product"] = body.Product, ["amount"] = body.Amount?.ToString(CultureInfo.InvariantCulture),
            ["currency"] = body.Currency, ["partnerType"] = body.PartnerType, ["source"] = body.Source, ["rep"] = body.Rep,
        };
        var result = await writes.AddLeadAsync(c.Key, body.Id, columns, ct);
        if (result.Access == PartnerAccess.NotVisible)
            return TypedResults.Problem("An organisation's key does not hand out leads: the vendor's keys do.",
                statusCode: StatusCodes.Status403Forbidden, title: "Vendor keys only");
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        if (result.Conflict is { } conflict) return TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        var lead = result.Value!;
        return TypedResults.Created($"{ApiKeyAuthentication.PathPrefix}/leads/{Uri.EscapeDataString(lead.Id)}", lead);
    }

    private static async Task<Results<Ok<PartnerResource>, ProblemHttpResult>> GetPartnerAsync(string id, ApiCaller c, ApiReads reads, CancellationToken ct)
    {
        if (await PartnerProblemAsync(c, reads, id, ct) is { } problem) return problem;
        return Found(await reads.PartnerAsync(c.Actor, id, ct), "partner organisation", id);
    }

    private static async Task<Results<Ok<Page<DealResource>>, ProblemHttpResult, ValidationProblem>> ListDealsAsync(
        ApiCaller c, HttpRequest r, ApiReads reads, string? status, string? sinceVersion, CancellationToken ct)
    {
        DealStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<DealStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return Invalid("status", $"'{status}' is not a status: use one of {string.Join(", ", Enum.GetNames<DealStatus>())}.");
            wanted = parsed;
        }
        long? since = null;
        if (!string.IsNullOrEmpty(sinceVersion))
        {
            if (!long.TryParse(sinceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                return Invalid("sinceVersion", "sinceVersion is a whole number: the largest version your last sync saw.");
            since = v;
        }
        return await ListAsync(c, r, reads, (q, t) => reads.DealsAsync(c.Actor, q, wanted, since, t), ct);
    }

    /// <summary>A page of a list: reads limit, after and partner from the query, refusing them with 400 or 403 as needed.</summary>
    private static async Task<Results<Ok<Page<T>>, ProblemHttpResult, ValidationProblem>> ListAsync<T>(ApiCaller c, HttpRequest r, ApiReads reads,
        Func<ListQuery, CancellationToken, Task<Page<T>>> list, CancellationToken ct)
    {
        var limit = ListQuery.DefaultLimit;
        var limitText = r.Query["limit"].ToString();
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > ListQuery.MaxLimit))
            return Invalid("limit", $"limit is a whole number from 1 to {ListQuery.MaxLimit}.");
        var after = r.Query["after"].ToString();
        if (after.Length > 200) return Invalid("after", "after is the `next` of the previous page: at most 200 characters.");
        var partner = r.Query["partner"].ToString();
        if (partner.Length > 0 && await PartnerProblemAsync(c, reads, partner, ct) is { } problem) return problem;
        var page = await list(new ListQuery(limit, after.Length == 0 ? null : after, partner.Length == 0 ? null : partner), ct);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Created<DealRegistered>, Ok<DealRegistered>, ProblemHttpResult, ValidationProblem>> RegisterDealAsync(
        string partnerId, ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<RegisterDealRequest>(r, MaxBodyBytes, Json, "a deal registration", ct);
        if (malformed is not null) return malformed;
        var fields = new Dictionary<string, string>
        {
            [DealRules.Fields.Company] = body!.Company ?? "",
            [DealRules.Fields.Website] = body.Website ?? "",
            [DealRules.Fields.ContactName] = body.ContactName ?? "",
            [DealRules.Fields.ContactEmail] = body.ContactEmail ?? "",
            [DealRules.Fields.CloseDate] = body.CloseDate ?? "",
            [DealRules.Fields.Amount] = body.Amount?.ToString(CultureInfo.InvariantCulture) ?? "",
            [DealRules.Fields.Currency] = body.Currency ?? "",
            [DealRules.Fields.Product] = body.Product ?? "",
            [DealRules.Fields.Notes] = body.Notes ?? "",
        };
        var result = await writes.RegisterDealAsync(c.Key, partnerId, body.RegisteredBy, fields, ct);
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        if (Refusal(result, "partner organisation", partnerId) is { } refused) return refused;
        var done = result.Value!;
        return done.Outcome == nameof(RegistrationOutcome.AlreadyRegistered)
            ? TypedResults.Ok(done)
            : TypedResults.Created($"{ApiKeyAuthentication.PathPrefix}/deals/{done.Deal.Id}", done);
    }

    private static async Task<Results<Created<MdfPlanResource>, ProblemHttpResult, ValidationProblem>> SubmitMdfPlanAsync(
        string partnerId, ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<MdfPlanRequest>(r, MaxBodyBytes, Json, "an MDF plan", ct);
        if (malformed is not null) return malformed;
        string Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";
        var fields = new Dictionary<string, string>
        {
            ["activityType"] = body!.ActivityType ?? "",
            ["title"] = body.Title ?? "",
            ["startDate"] = body.StartDate ?? "",
            ["endDate"] = body.EndDate ?? "",
            ["requestedAmount"] = Text(body.RequestedAmount),
            ["expectedLeads"] = body.ExpectedLeads?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["expectedPipeline"] = Text(body.ExpectedPipeline),
            ["description"] = body.Description ?? "",
        };
        var result = await writes.SubmitMdfPlanAsync(c.Key, partnerId, body.SubmittedBy, fields, ct);
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        if (Refusal(result, "partner organisation", partnerId) is { } refused) return refused;
        return TypedResults.Created($"{ApiKeyAuthentication.PathPrefix}/mdf/plans?partner={Uri.EscapeDataString(partnerId)}", result.Value!);
    }

    private static async Task<Results<Ok<DealResource>, ProblemHttpResult, ValidationProblem>> RequestExtensionAsync(
        string id, ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<ExtensionRequest>(r, MaxBodyBytes, Json, "an extension request", ct);
        if (malformed is not null) return malformed;
        var result = await writes.RequestExtensionAsync(c.Key, id, body!.RequestedBy, body.Reason, ct);
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        if (Refusal(result, "deal registration", id) is { } refused) return refused;
        return TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Ok<MdfClaimResource>, ProblemHttpResult, ValidationProblem>> ClaimMdfPlanAsync(
        string id, ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<MdfClaimRequest>(r, MaxBodyBytes, Json, "an MDF claim", ct);
        if (malformed is not null) return malformed;
        var fields = new Dictionary<string, string>
        {
            ["actualCost"] = body!.ActualCost?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["leadsGenerated"] = body.LeadsGenerated?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["proofLinks"] = string.Join('\n', body.ProofLinks ?? []),
        };
        var result = await writes.ClaimMdfPlanAsync(c.Key, id, body.ClaimedBy, fields, ct);
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        if (Refusal(result, "MDF plan", id) is { } refused) return refused;
        return TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Created<CertificationResource>, Ok<CertificationResource>, ProblemHttpResult, ValidationProblem>> RecordCertificationAsync(
        ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<CertificationRequest>(r, MaxBodyBytes, Json, "a certification", ct);
        if (malformed is not null) return malformed;
        var result = await writes.RecordCertificationAsync(c.Key, body!.Person, body.Course, body.CertifiedOn, ct);
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        if (result.Access == PartnerAccess.NotVisible)
            return TypedResults.Problem("Certifications are recorded by the vendor, as only vendor staff certify in chat: use a key of the vendor's own.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not for a partner's key");
        var recorded = result.Value!;
        var resource = CertificationResource.From(recorded.Certification);
        return recorded.Added
            ? TypedResults.Created($"{ApiKeyAuthentication.PathPrefix}/certifications?partner={Uri.EscapeDataString(resource.PartnerOrganisationId)}", resource)
            : TypedResults.Ok(resource);
    }

    private static async Task<Results<Created<PersonResource>, Ok<PersonResource>, ProblemHttpResult, ValidationProblem>> WritePersonAsync(
        string id, ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<PersonRequest>(r, MaxBodyBytes, Json, "a person", ct);
        if (malformed is not null) return malformed;
        var columns = new Dictionary<string, string?>
        {
            ["name"] = body!.Name, ["email"] = body.Email, ["role"] = body.Role, ["organisation"] = body.Organisation,
            ["language"] = body.Language, ["timeZone"] = body.TimeZone,
            ["partnerAdmin"] = body.PartnerAdmin is { } admin ? (admin ? "true" : "false") : null,
        };
        var result = await writes.WritePersonAsync(c.Key, id, columns, ct);
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        if (result.Access == PartnerAccess.NotVisible)
            return TypedResults.Problem($"This key may not change person '{id}': it writes its own organisation's partner users only.",
                statusCode: StatusCodes.Status403Forbidden, title: "Another organisation's person");
        var written = result.Value!;
        return written.Added
            ? TypedResults.Created($"{ApiKeyAuthentication.PathPrefix}/people/{Uri.EscapeDataString(id)}", written.Person)
            : TypedResults.Ok(written.Person);
    }

    private static async Task<Results<Created<PartnerResource>, Ok<PartnerResource>, ProblemHttpResult, ValidationProblem>> WritePartnerAsync(
        string id, ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<PartnerRequest>(r, MaxBodyBytes, Json, "a partner organisation", ct);
        if (malformed is not null) return malformed;
        static string? Text<T>(T? value) where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture);
        static string? Yes(bool? value) => value is { } yes ? (yes ? "true" : "false") : null;
        var columns = new Dictionary<string, string?>
        {
            ["name"] = body!.Name, ["type"] = body.Type, ["tier"] = body.Tier, ["ownerRep"] = body.OwnerRep, ["country"] = body.Country,
            ["domain"] = body.Domain, ["joinedOn"] = body.JoinedOn?.ToString("O", CultureInfo.InvariantCulture),
            ["tierSince"] = body.TierSince?.ToString("O", CultureInfo.InvariantCulture), ["annualRevenue"] = Text(body.AnnualRevenue),
            ["salesCertifiedReps"] = Text(body.SalesCertifiedReps), ["technicalCertifications"] = Text(body.TechnicalCertifications),
            ["customerReferences"] = Text(body.CustomerReferences), ["dedicatedPractice"] = Yes(body.DedicatedPractice),
            ["executiveSponsor"] = Yes(body.ExecutiveSponsor), ["closedDeals"] = Text(body.ClosedDeals),
        };
        var result = await writes.WritePartnerAsync(c.Key, id, columns, ct);
        if (result.Access == PartnerAccess.NotVisible)
            return TypedResults.Problem("An organisation's key does not change partner organisations: the vendor's keys do.",
                statusCode: StatusCodes.Status403Forbidden, title: "Vendor keys only");
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        var written = result.Value!;
        return written.Added
            ? TypedResults.Created($"{ApiKeyAuthentication.PathPrefix}/partners/{Uri.EscapeDataString(id)}", written.Partner)
            : TypedResults.Ok(written.Partner);
    }

    private static async Task<Results<Created<PartnerAccountResource>, Ok<PartnerAccountResource>, ProblemHttpResult, ValidationProblem>> WritePartnerAccountAsync(
        string partnerId, string id, ApiCaller c, HttpRequest r, ApiWrites writes, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<PartnerAccountRequest>(r, MaxBodyBytes, Json, "a shared account", ct);
        if (malformed is not null) return malformed;
        var columns = new Dictionary<string, string?> { ["name"] = body!.Name, ["domain"] = body.Domain, ["kind"] = body.Kind };
        var result = await writes.WritePartnerAccountAsync(c.Key, partnerId, id, columns, ct);
        if (Refusal(result, "partner organisation", partnerId) is { } refused) return refused;
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        var written = result.Value!;
        return written.Added
            ? TypedResults.Created($"{ApiKeyAuthentication.PathPrefix}/partners/{Uri.EscapeDataString(partnerId)}/accounts/overlap", written.Account)
            : TypedResults.Ok(written.Account);
    }

    private static async Task<Results<Ok<PartnerAccountsShared>, ProblemHttpResult, ValidationProblem>> SharePartnerAccountsAsync(
        string partnerId, ApiCaller c, HttpRequest r, ApiWrites writes, AccountMapping.AccountOverlaps overlaps, CancellationToken ct)
    {
        var (body, malformed) = await JsonBody.ReadAsync<List<PartnerAccountRow?>>(r, MaxBulkBodyBytes, Json, "a list of shared accounts", ct);
        if (malformed is not null) return malformed;
        if (body is not { Count: > 0 }) return FieldsToFix(new Dictionary<string, string> { ["rows"] = "Give at least one account: [{\"id\": \"c-1\", \"name\": \"…\"}]." });
        if (body.IndexOf(null) is var missing and >= 0) return FieldsToFix(new Dictionary<string, string> { [$"rows[{missing}]"] = "Each row is an object with id and name." });
        var rows = body.Select(a => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
            { ["id"] = a!.Id, ["name"] = a.Name, ["domain"] = a.Domain, ["kind"] = a.Kind }).ToList();
        var result = await writes.SharePartnerAccountsAsync(c.Key, partnerId, rows, overlaps, ct);
        if (Refusal(result, "partner organisation", partnerId) is { } refused) return refused;
        if (result.Errors is { Count: > 0 } errors) return FieldsToFix(errors);
        return TypedResults.Ok(result.Value!);
    }

    private static ValidationProblem FieldsToFix(IReadOnlyDictionary<string, string> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }), title: "Some fields need fixing");

    /// <summary>Why a write did not happen (other than its fields), as the HTTP answer; null when it did.</summary>
    private static ProblemHttpResult? Refusal<T>(ApiWriteResult<T> result, string what, string id) where T : class
    {
        if (result.Conflict is { } conflict)
            return TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        return result.Access switch
        {
            PartnerAccess.NotVisible => Forbidden(id),
            PartnerAccess.NotFound => NotFound(what, id),
            _ => null,
        };
    }

    private static async Task<ProblemHttpResult?> PartnerProblemAsync(ApiCaller c, ApiReads reads, string partner, CancellationToken ct) =>
        await reads.CheckPartnerAsync(c.Actor, partner, ct) switch
        {
            PartnerAccess.NotVisible => Forbidden(partner),
            PartnerAccess.NotFound => NotFound("partner organisation", partner),
            _ => null,
        };

    private static Results<Ok<T>, ProblemHttpResult> Found<T>(T? value, string what, string id) where T : class =>
        value is null ? NotFound(what, id) : TypedResults.Ok(value);

    private static ProblemHttpResult Forbidden(string partner) =>
        TypedResults.Problem($"This key may not act for partner organisation '{partner}'.", statusCode: StatusCodes.Status403Forbidden, title: "Another organisation");

    private static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem($"No {what} '{id}' that this key may see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid query");
}
