using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace PartnerBot.Host.Api;

/// <summary>
/// The REST API's OpenAPI document (GET /openapi/v1.json) and its browsable reference (GET /scalar/v1). The document
/// holds the /api/v1 endpoints only (the web chat, Slack and Teams endpoints are not an API for integrations), the
/// API-key scheme, and each operation's scope. Both are public: they describe the API, never data.
/// </summary>
public static class ApiDocs
{
    public const string DocumentName = "v1";
    public const string SchemeName = "ApiKey";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) => services.AddOpenApi(DocumentName, o =>
    {
        o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "PartnerBot API",
                Version = "v1",
                Description = "The partner program's data for integrations (a CRM sync, a warehouse): partners, people, deal " +
                    "registrations, commission, MDF, content and certifications, with the same rules as the chat. Authenticate " +
                    "with an API key (`apikeys create`): `Authorization: Bearer pb_…`. Lists are paged in id order: pass the " +
                    "page's `next` as `after`.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key created with `dotnet run --project src/PartnerBot.Host -- apikeys create`.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().FirstOrDefault() is { } scope)
                operation.Description = $"Needs the scope `{scope}`. " + operation.Description;
            return Task.CompletedTask;
        });
    });

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().RequireRateLimiting(HostLimits.AnonymousPolicy);
        app.MapScalarApiReference(o => o.WithTitle("PartnerBot API")).RequireRateLimiting(HostLimits.AnonymousPolicy);
        return app;
    }
}
