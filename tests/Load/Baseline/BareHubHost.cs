using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Host.LocalServices;
using Platform.Jobs.Benchmarks;
using Platform.TestCluster;
using StackExchange.Redis;

namespace Platform.Load.Baseline;

/// <summary>
/// The floor to judge fan-out and connection costs by: a SignalR hub with the Redis backplane and nothing of
/// the platform, speaking JSON and MessagePack with the platform's settings. Each tick is either two numbers or the very
/// message the platform sends for a ticker job's tick (<c>JobTicked</c> with a <see cref="JobTick"/>), to tell the cost of
/// the platform's work from the cost of its payload. For chat it has the platform's <c>WatchRoom</c> and <c>PostToRoom</c>
/// without storage: a room is a group, and a post is the same <see cref="ChatMessage"/> sent to it, answered once sent.
/// Run by this tool as its own process: <c>Platform.Load baseline-host --urls URL --redis CONFIG</c>.
/// </summary>
public static class BareHubHost
{
    public const string Command = "baseline-host";
    public const string HubPath = "hubs/bare";
    public const string WatchMethod = "Watch";
    public const string NumbersMethod = "Tick";
    private const string Group = "watchers";

    /// <summary>Bare hubs over the cluster's Redis, one per host asked for, each its own process.</summary>
    public static async Task<IReadOnlyList<HostProcess>> StartAsync(LocalCluster cluster, int hosts) =>
        await Task.WhenAll(Enumerable.Range(0, hosts).Select(_ => HostProcess.StartAsync(FreePort.Pick(), ["Platform.Load.dll", Command],
            new Dictionary<string, string> { ["redis"] = cluster.RedisConnectionString })));

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR()
            .AddJsonProtocol(json => PlatformJson.Configure(json.PayloadSerializerOptions))
            .AddMessagePackProtocol(messagePack => messagePack.SerializerOptions = PlatformMessagePack.Options)
            .AddStackExchangeRedis(options =>
        {
            options.Configuration = ConfigurationOptions.Parse(builder.Configuration["redis"] ?? throw new ArgumentException("--redis is required."));
            options.Configuration.ChannelPrefix = RedisChannel.Literal("baseline");
        });
        var app = builder.Build();
        app.MapHub<BareHub>("/" + HubPath);
        app.MapGet("/health/live", () => "ok");
        app.MapPost("/tick", (int ticks, int intervalMs, bool? asJobTicks, IHubContext<BareHub> hub) =>
        {
            _ = SendTicksAsync(hub, ticks, intervalMs, asJobTicks == true);
            return Results.Accepted();
        });
        await app.RunAsync();
        return 0;
    }

    private static Task SendTicksAsync(IHubContext<BareHub> hub, int ticks, int intervalMs, bool asJobTicks)
    {
        var jobId = Guid.NewGuid();
        return FixedRate.RunAsync(ticks, intervalMs, async tick =>
        {
            var sentAt = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
            if (asJobTicks)
                await hub.Clients.Group(Group).SendAsync(nameof(IJobsClient.JobTicked), JobTick(jobId, tick, ticks, sentAt));
            else
                await hub.Clients.Group(Group).SendAsync(NumbersMethod, tick, sentAt);
        });
    }

    private static JobTick JobTick(Guid jobId, int tick, int ticks, double sentAt) =>
        new(jobId, 2, 100.0 * tick / ticks, new Dictionary<string, double> { ["tick"] = tick, ["sentAt"] = sentAt });

    public sealed class BareHub : Hub
    {
        public Task Watch() => Groups.AddToGroupAsync(Context.ConnectionId, Group);

        /// <summary>Joins the room's group: nothing is stored, so there is nothing to catch up on and <paramref name="afterSeq"/> is unused.</summary>
        public Task WatchRoom(Guid roomId, long afterSeq) => Groups.AddToGroupAsync(Context.ConnectionId, RoomGroup(roomId));

        /// <summary>Sends the message to the room's group through the backplane; no sequence number (0), no check, nothing kept.</summary>
        public async Task<ChatMessage> PostToRoom(Guid roomId, string text)
        {
            var message = new ChatMessage(Guid.CreateVersion7(), roomId, 0, ChatMessageKind.User, BareAuthor, Context.ConnectionId, text, DateTimeOffset.UtcNow);
            await Clients.Group(RoomGroup(roomId)).SendAsync(nameof(IJobsClient.ChatMessage), message);
            return message;
        }

        private static string RoomGroup(Guid roomId) => $"room:{roomId}";
    }

    // Every bare post carries an author, as the platform's do, so the message is about as long.
    private static readonly Guid BareAuthor = Guid.NewGuid();
}
