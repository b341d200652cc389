using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Credits;
using Platform.Jobs.Benchmarks;
using Platform.Jobs.Generation;
using Platform.Jobs.Handlers;
using Platform.Jobs.Live;
using Platform.Jobs.Metrics;
using Platform.Jobs.Model;
using Platform.Jobs.Notifications;
using Platform.Jobs.Projects;
using Platform.Jobs.Remote;
using Platform.Jobs.Rooms;
using Platform.Jobs.Running;
using Platform.Jobs.Scheduling;
using Platform.Jobs.Training;
using Platform.Jobs.Types;
using Platform.Jobs.Webhooks;
using Platform.Storage.Settings;
using Quartz;

namespace Platform.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// The job engine: handlers, commands, and workers that claim jobs from the queue in PostgreSQL. Quartz runs
    /// clustered on the same PostgreSQL for time-based work; immediate jobs do not go through it (see docs/ARCHITECTURE.md).
    /// The host supplies what the engine talks to: a <see cref="TimeProvider"/>, an <see cref="IJobEventPublisher"/> and
    /// an <see cref="IJobCancelSignal"/> (the hubs' bus), an <see cref="INotificationPusher"/>, the users'
    /// <see cref="INotificationPreferences"/>, and the rooms' <see cref="IRoomEventPublisher"/> (the hubs' bus).
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = services.AddSettings<JobsOptions>(builder.Configuration, JobsOptions.Section, JobsOptions.Rules);
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");

        services.AddSettings<InputSchemaLimits>(builder.Configuration, InputSchemaLimits.Section, InputSchemaLimits.Rules);
        services.ConfigureMarten(JobDocuments.Configure);
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobNotifications>();
        services.AddSingleton<LiveJobFeed>();
        // Registered before the runners, so it stops after them and writes what their last runs reported.
        services.AddSingleton<MetricRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricRecorder>());
        services.AddSingleton<IJobHandler, GenerationJob>();
        services.AddSingleton<IJobHandler, TrainingJob>();
        if (options.BenchmarkTypes)
        {
            services.AddSingleton<IJobHandler, NoopJob>();
            services.AddSingleton<IJobHandler, TickerJob>();
            services.AddSingleton<IJobHandler, FlakyJob>();
        }
        services.AddSingleton<JobHandlers>();
        services.AddSingleton<JobTypeCatalog>();
        services.AddSingleton<JobFileInputs>();
        services.AddSingleton<DeclaredJobTypes>();
        services.AddHostedService(sp => sp.GetRequiredService<DeclaredJobTypes>());
        services.AddSettings<WorkersOptions>(builder.Configuration, WorkersOptions.Section, WorkersOptions.Rules);
        services.AddSingleton<WaitingClaims>();
        services.AddSingleton<RemoteWork>();
        services.AddHostedService(sp => sp.GetRequiredService<RemoteWork>());
        services.AddSingleton<ForgottenWorkers>();
        services.AddHostedService(sp => sp.GetRequiredService<ForgottenWorkers>());
        services.AddSingleton<QueueQuota>();
        services.AddSingleton<JobCommands>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<LiveProgressThrottle>();
        services.AddSingleton<JobWriter>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<InputFiles>();
        services.AddSingleton<FileHolders>();
        services.AddSingleton<ExpiredArtifacts>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredArtifacts>());
        services.AddSingleton<ExpiredFiles>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredFiles>());
        services.AddSingleton<OrphanObjects>();
        services.AddHostedService(sp => sp.GetRequiredService<OrphanObjects>());
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobReconciler>();
        services.AddSingleton<RecurringJobs>();
        services.AddProjects(builder.Configuration);
        services.AddCredits(builder.Configuration);
        services.AddHostedService<QueueDepthSampler>();
        AddWebhooks(builder);
        AddRooms(builder);

        services.AddHostedService(_ => new QuartzSchemaCreator(connectionString, options.QuartzSchema));
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.GenerateInstanceId = true;
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
                scheduler.IdleWaitTime = options.SchedulerIdleWait;
            });
            quartz.UseDefaultThreadPool(options.SchedulerThreads);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ConfigureStore(ado =>
                {
                    ado.TablePrefix = $"{options.QuartzSchema}.qrtz_";
                    ado.StoreJobDataAsStrings = true;
                    ado.SchemaProvisioning = SchemaProvisioning.CreateIfMissing;
                    ado.RecoverFiringsCancelledByShutdown = true;
                });
                store.UseClustering();
                store.UseSystemTextJsonSerializer();
            });
        });
        if (options.RunWorkers)
        {
            services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
            services.AddSingleton<JobDispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<JobDispatcher>());
            services.AddHostedService(sp => sp.GetRequiredService<JobReconciler>());
        }
        return builder;
    }

    /// <summary>Adds a built-in job type of the application's own: its handler runs in the hosts, like the platform's types.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services) where THandler : class, IJobHandler =>
        services.AddSingleton<IJobHandler, THandler>();

    // Stored rooms' rules and service, for REST and the hub alike; the hubs tell the rooms' watchers (IRoomEventPublisher).
    private static void AddRooms(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<RoomsOptions>(builder.Configuration, RoomsOptions.Section, RoomsOptions.Rules);
        services.AddSingleton<RoomMentions>();
        services.AddSingleton<RoomService>();
        services.AddSingleton<IJobRoomAccess, JobRoomAccess>();
        services.AddHostedService<JobRoomPoster>();
        services.AddHostedService<RoomRetention>();
    }

    private static void AddWebhooks(IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(WebhooksOptions.Section);
        var options = builder.Services.AddSettings<WebhooksOptions>(builder.Configuration, WebhooksOptions.Section, WebhooksOptions.Rules, webhooks =>
        {
            // Webhooks:Timeout is the response timeout's former name; hosts configured with it keep their setting.
            if (section[nameof(WebhooksOptions.ResponseTimeout)] is null && section.GetValue<TimeSpan?>("Timeout") is { } formerTimeout)
                webhooks.ResponseTimeout = formerTimeout;
        });
        builder.Services.AddSingleton<WebhookTargets>();
        builder.Services.AddSingleton<WebhookSender>();
        if (options.Deliver)
            builder.Services.AddHostedService<WebhookDispatcher>();
    }
}
