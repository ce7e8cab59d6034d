using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PartnerBot.Enablement;

public static class EnablementRegistration
{
    /// <summary>The content library (search, "what's new", tracked opens) and certifications.</summary>
    public static IServiceCollection AddEnablement(this IServiceCollection services)
    {
        services.AddOptions<EnablementOptions>().BindConfiguration(EnablementOptions.Section).ValidateOnStart();
        services.AddSingleton<EnablementOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<EnablementOptions>>(sp => sp.GetRequiredService<EnablementOptionsSetup>());
        services.AddSingleton<IValidateOptions<EnablementOptions>>(sp => sp.GetRequiredService<EnablementOptionsSetup>());
        services.AddSingleton<ContentSearch>();
        services.AddSingleton<ContentLinks>();
        services.AddScoped<ContentOpens>();
        services.AddCommand<ContentCommand>();
        services.AddDialog<ContentSearchDialog>();
        services.AddCommand<WhatsNewCommand>();
        services.AddScoped<CertificationRecorder>();
        services.AddCommand<CertifyCommand>();
        services.AddDialog<CertifyDialog>();
        services.AddImporter<CertificationImporter>();
        services.AddProgramDataLoader<ContentLoader>();
        services.AddProgramDataLoader<CertificationLoader>();
        return services.AddEnablementDigest();
    }

    /// <summary>Enablement's part of the digest: material opened and certifications completed.</summary>
    public static IServiceCollection AddEnablementDigest(this IServiceCollection services) =>
        services.AddScoped<Digests.IDigestSection, EnablementDigestSection>();
}
