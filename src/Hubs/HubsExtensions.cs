using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Platform.Storage.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Contracts.Hubs;
using Platform.Hubs.Bus;
using Platform.Hubs.Notifications;
using Platform.Hubs.Overview;
using Platform.Hubs.Presence;
using Platform.Hubs.Rooms;
using Platform.Hubs.Watching;
using Platform.Jobs;
using Platform.Jobs.Notifications;
using Platform.Jobs.Rooms;
using Platform.Storage;
using StackExchange.Redis;

namespace Platform.Hubs;

public static class HubsExtensions
{
    /// <summary>SignalR with the Redis backplane and the job event bus when <c>ConnectionStrings:Redis</c> is set.</summary>
    public static IHostApplicationBuilder AddHubs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Browsers speak JSON; the .NET client and the load tool MessagePack, which costs both ends less per message.
        var signalR = services.AddSignalR(hub =>
            {
                hub.AddFilter<InvocationPacing>();
                hub.AddFilter<ArgumentText>();
            })
            .AddJsonProtocol(json => PlatformJson.ConfigureForHubArguments(json.PayloadSerializerOptions))
            .AddMessagePackProtocol(messagePack => messagePack.SerializerOptions = PlatformMessagePack.Options);
        services.AddSettings<HubLimits>(builder.Configuration, HubLimits.Section, HubLimits.Rules);
        services.AddOptions<HubOptions>().Configure<IOptions<HubLimits>>((hub, limits) =>
            hub.MaximumReceiveMessageSize = limits.Value.MaxReceiveMessageBytes);
        services.AddSingleton<InvocationPacing>();
        services.AddSingleton<ArgumentText>();
        services.AddConnectionState<JobWatchers>();
        services.AddSingleton<HubConnections>();
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<INotificationPusher>(sp => sp.GetRequiredService<Notifier>());
        services.AddSettings<PresenceOptions>(builder.Configuration, PresenceOptions.Section, PresenceOptions.Rules);
        services.AddSettings<RedisNames>(builder.Configuration, RedisNames.Section, names => names.NotEmpty(o => o.Prefix));
        services.AddConnectionState<PresenceTracker>();
        services.AddConnectionState<OverviewWatchers>();
        services.AddConnectionState<RoomWatchers>();
        services.AddConnectionState<RoomTypingRelay>();

        var redisConnectionString = builder.Configuration.GetConnectionString("Redis");
        var useRedis = !string.IsNullOrWhiteSpace(redisConnectionString);
        services.AddSingleton<HubLifetimeManager<JobsHub>>(sp => new TrackingHubLifetimeManager<JobsHub>(
            useRedis
                ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<JobsHub>>(sp)
                : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<JobsHub>>(sp),
            sp.GetRequiredService<HubConnections>(),
            sp.GetRequiredService<IAccessCheck>(),
            sp.GetRequiredService<PlatformMetrics>()));
        if (!useRedis)
        {
            services.AddSingleton<IPresenceStore, LocalPresenceStore>();
            services.AddSingleton<LocalJobBus>();
            services.AddSingleton<IJobEventPublisher>(sp => sp.GetRequiredService<LocalJobBus>());
            services.AddSingleton<IJobCancelSignal>(sp => sp.GetRequiredService<LocalJobBus>());
            services.AddSingleton<IRoomEventPublisher, LocalRoomBus>();
            return builder;
        }

        var redisOptions = ConfigurationOptions.Parse(redisConnectionString!);
        redisOptions.AbortOnConnectFail = false;
        // While Redis is down, publishing fails at once and falls back to this host's watchers instead of
        // holding every progress tick for the command timeout.
        redisOptions.BacklogPolicy = BacklogPolicy.FailFast;
        redisOptions.ClientName = "platform";
        // The shared socket manager's dedicated threads spin while they wait for work: under load they took more of
        // the host's CPU than the jobs did (docs/PERFORMANCE.md). The pool's threads wait without spinning as long.
        redisOptions.SocketManager = SocketManager.ThreadPool;
        signalR.AddStackExchangeRedis();
        services.AddOptions<RedisOptions>().Configure<IOptions<RedisNames>>((backplane, names) =>
        {
            backplane.Configuration = redisOptions.Clone();
            backplane.Configuration.ChannelPrefix = names.Value.Channel("signalr");
            backplane.ConnectionFactory = log => RedisSubscriptions.ConnectAsync(backplane.Configuration, log);
        });
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));
        services.AddSingleton<RedisJobBus>();
        services.AddSingleton<IJobEventPublisher>(sp => sp.GetRequiredService<RedisJobBus>());
        services.AddSingleton<IJobCancelSignal>(sp => sp.GetRequiredService<RedisJobBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisJobBus>());
        services.AddSingleton<RedisRoomBus>();
        services.AddSingleton<IRoomEventPublisher>(sp => sp.GetRequiredService<RedisRoomBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisRoomBus>());
        services.AddSingleton<IPresenceStore, RedisPresenceStore>();
        services.AddHostedService<PresenceHeartbeat>();
        return builder;
    }

    /// <summary>A feature's per-connection state, one instance per host, told by the hub when each connection ends.</summary>
    public static IServiceCollection AddConnectionState<T>(this IServiceCollection services) where T : class, IConnectionState
    {
        services.AddSingleton<T>();
        services.AddSingleton<IConnectionState>(sp => sp.GetRequiredService<T>());
        return services;
    }

    public static IEndpointRouteBuilder MapHubs(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<HubLimits>>().Value;
        app.MapHub<JobsHub>(JobsHubPaths.Path, connection =>
        {
            // A connection lasts no longer than the access token it was opened with; the client reconnects with a fresh one.
            connection.CloseOnAuthenticationExpiration = true;
            connection.TransportSendTimeout = limits.SendTimeout;
        });
        return app;
    }
}
