using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Audit;
using PartnerBot.Conversations;
using PartnerBot.Jobs;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot;

/// <summary>Registers the product: program rules, storage, the conversation core and notifications.</summary>
public static class PartnerBotCore
{
    private static readonly SqliteTuningInterceptor SqliteTuningInterceptorInstance = new();

    public static IServiceCollection AddPartnerBotCore(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<ProgramOptions>().BindConfiguration(ProgramOptions.Section)
            .PostConfigure(o => o.ApplyListDefaults()).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProgramOptions>, ProgramOptionsValidator>();
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.Section);
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        services.AddOptions<ProgramDataOptions>().BindConfiguration(ProgramDataOptions.Section);
        services.AddOptions<LinkOptions>().BindConfiguration(LinkOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LinkOptions>, LinkOptionsValidator>();
        services.AddSingleton<PublicLinks>();

        services.AddScoped<AuditScope>();
        services.AddScoped<AuditInterceptor>();
        services.AddDbContext<PartnerBotDb>((sp, o) =>
        {
            o.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(PartnerBotDb).Assembly.GetName().Name));
            o.AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), SqliteTuningInterceptorInstance);
        });

        services.AddSingleton(sp => Vocabulary.WithRegistered(sp.GetServices<CommandWords>()));
        services.AddSingleton<Localizer>();
        services.AddSingleton<Router>();
        services.AddSingleton<DialogRunner>();
        services.AddScoped<IdentityResolver>();
        services.AddScoped<ConversationEngine>();
        services.AddScoped<ConversationDirectory>();
        services.AddScoped<Notifier>();
        services.AddSingleton<OutboxSignal>();
        services.AddRecurringJob<OutboxDispatcher>(OutboxDispatcher.JobName, OutboxDispatcher.DefaultInterval);
        services.AddRecurringJob<Housekeeping>(Housekeeping.JobName, Housekeeping.DefaultInterval);
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section);
        services.AddSingleton<Inbox>();
        services.AddSingleton<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());

        services.AddCommand<HelpCommand>();
        services.AddCommand<CancelCommand>();
        services.AddCommand<SettingsCommand>();
        services.AddCommand<FailedDeliveriesCommand>();
        services.AddActionHandler<FailedDeliveryActions>();
        services.AddDialog<SettingsDialog>();
        services.AddProgramDataLoader<PeopleLoader>();
        return services;
    }

    public static IServiceCollection AddCommand<T>(this IServiceCollection services) where T : class, ICommand =>
        services.AddSingleton<ICommand, T>();

    public static IServiceCollection AddDialog<T>(this IServiceCollection services) where T : class, IDialog =>
        services.AddSingleton<IDialog, T>();

    public static IServiceCollection AddActionHandler<T>(this IServiceCollection services) where T : class, IActionHandler =>
        services.AddSingleton<IActionHandler, T>();

    public static IServiceCollection AddProgramDataLoader<T>(this IServiceCollection services) where T : class, IProgramDataLoader =>
        services.AddScoped<IProgramDataLoader, T>();

    public static IServiceCollection AddChannelSender<T>(this IServiceCollection services) where T : class, IChannelSender =>
        services.AddScoped<IChannelSender, T>();
}
