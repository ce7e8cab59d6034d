using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Audit;
using PartnerBot.Conversations;
using PartnerBot.Importing;
using PartnerBot.Jobs;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.Observability;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot;

/// <summary>Registers the product: program rules, storage, the conversation core and notifications.</summary>
public static class PartnerBotCore
{
    public static IServiceCollection AddPartnerBotCore(this IServiceCollection services, StorageSettings storage)
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
        services.AddScoped<Downloads>();
        services.AddSingleton<IExpiredRows, ExpiredDialogs>();
        services.AddSingleton<IExpiredRows, ExpiredDownloads>();

        services.AddScoped<AuditScope>();
        services.AddScoped<AuditInterceptor>();
        services.AddSingleton(storage);
        // Every capability asks for PartnerBotDb (on PostgreSQL, the context type that owns PostgreSQL's migrations),
        // leased from a pool for the scope; its saves run the scope's AuditInterceptor, then the capabilities' own save
        // steps (ISaveChangesInterceptor: deals' change numbers and account claims, webhooks), inside the same save.
        services.AddSingleton(sp => new ContextPool(storage, sp));
        services.AddScoped(sp => sp.GetRequiredService<ContextPool>().Lease(sp));

        services.AddSingleton(sp => Vocabulary.WithRegistered(sp.GetServices<CommandWords>()));
        services.AddSingleton(sp => new Localizer(sp.GetRequiredService<Vocabulary>(), sp.GetServices<StringsAssembly>().Select(s => s.Assembly).ToArray()));
        services.AddSingleton(sp => new Router(Handlers.Describe<ICommand>(sp), sp.GetRequiredService<Vocabulary>()));
        services.AddSingleton(sp => new DialogRunner(Handlers.Describe<IDialog>(sp), sp.GetRequiredService<IOptions<ConversationOptions>>()));
        services.AddSingleton(sp => new ActionHandlers(Handlers.Describe<IActionHandler>(sp)));
        services.AddScoped<IdentityResolver>();
        services.AddScoped<SelfLinking>();
        services.AddActionHandler<LinkRequestActions>();
        services.AddScoped<Invitations>();
        services.AddCommand<InviteCommand>();
        services.AddCommand<SharedChannelCommand>();
        services.AddActionHandler<InvitationActions>();
        services.AddScoped<ConversationEngine>();
        services.AddScoped<ConversationDirectory>();
        services.AddScoped<Notifier>();
        services.AddSingleton<GroupCommit>();
        services.AddSingleton<ReplayGuard>();
        services.AddSingleton<OutboxSignal>();
        services.AddRecurringJob<OutboxDispatcher>(OutboxDispatcher.JobName, OutboxDispatcher.DefaultInterval);
        services.AddRecurringJob<Housekeeping>(Housekeeping.JobName, Housekeeping.DefaultInterval);
        // The inbox's and outbox's depth and oldest age, sampled only while an OpenTelemetry pipeline observes them.
        services.AddMetrics();
        services.AddRecurringJob<QueueMetrics>(QueueMetrics.JobName, QueueMetrics.DefaultInterval);
        services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section);
        services.AddSingleton<Inbox>();
        services.AddSingleton<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());

        services.AddCommand<HelpCommand>();
        services.AddCommand<HomeCommand>();
        services.AddCommand<CancelCommand>();
        services.AddCommand<SettingsCommand>();
        services.AddCommand<FailedDeliveriesCommand>();
        services.AddActionHandler<FailedDeliveryActions>();
        services.AddDialog<SettingsDialog>();
        services.AddScoped<ImportRunner>();
        services.AddImporter<PersonImporter>();
        services.AddImporter<PartnerImporter>();
        services.AddImporter<IdentityImporter>();
        services.AddProgramDataLoader<PeopleLoader>();
        return services;
    }

    /// <summary>A command, scoped: see <see cref="Handlers"/>.</summary>
    public static IServiceCollection AddCommand<T>(this IServiceCollection services) where T : class, ICommand
    {
        services.AddScoped<T>();
        return services.AddScoped<ICommand>(sp => sp.GetRequiredService<T>());
    }

    /// <summary>A dialog, scoped: see <see cref="Handlers"/>.</summary>
    public static IServiceCollection AddDialog<T>(this IServiceCollection services) where T : class, IDialog
    {
        services.AddScoped<T>();
        return services.AddScoped<IDialog>(sp => sp.GetRequiredService<T>());
    }

    /// <summary>An action handler, scoped: see <see cref="Handlers"/>.</summary>
    public static IServiceCollection AddActionHandler<T>(this IServiceCollection services) where T : class, IActionHandler
    {
        services.AddScoped<T>();
        return services.AddScoped<IActionHandler>(sp => sp.GetRequiredService<T>());
    }

    public static IServiceCollection AddProgramDataLoader<T>(this IServiceCollection services) where T : class, IProgramDataLoader =>
        services.AddScoped<IProgramDataLoader, T>();

    /// <summary>An importer of one kind (see <see cref="ImportRunner"/>), scoped.</summary>
    public static IServiceCollection AddImporter<T>(this IServiceCollection services) where T : class, IImporter =>
        services.AddScoped<IImporter, T>();

    public static IServiceCollection AddChannelSender<T>(this IServiceCollection services) where T : class, IChannelSender =>
        services.AddScoped<IChannelSender, T>();
}
