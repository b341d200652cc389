using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Platform.Load.Baseline;

/// <summary>
/// The floor to judge fan-out and connection costs by: a SignalR hub with the Redis backplane and nothing of
/// the platform. Run by this tool as its own process: <c>Platform.Load baseline-host --urls URL --redis CONFIG</c>.
/// </summary>
public static class BareHubHost
{
    public const string Command = "baseline-host";
    public const string HubPath = "hubs/bare";
    private const string Group = "watchers";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR().AddStackExchangeRedis(options =>
        {
            options.Configuration = ConfigurationOptions.Parse(builder.Configuration["redis"] ?? throw new ArgumentException("--redis is required."));
            options.Configuration.ChannelPrefix = RedisChannel.Literal("baseline");
        });
        var app = builder.Build();
        app.MapHub<BareHub>("/" + HubPath);
        app.MapGet("/health/live", () => "ok");
        app.MapPost("/tick", (int ticks, int intervalMs, IHubContext<BareHub> hub) =>
        {
            _ = SendTicksAsync(hub, ticks, intervalMs);
            return Results.Accepted();
        });
        await app.RunAsync();
        return 0;
    }

    private static async Task SendTicksAsync(IHubContext<BareHub> hub, int ticks, int intervalMs)
    {
        for (var tick = 1; tick <= ticks; tick++)
        {
            await hub.Clients.Group(Group).SendAsync("Tick", tick, (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds);
            if (intervalMs > 0)
                await Task.Delay(intervalMs);
        }
    }

    public sealed class BareHub : Hub
    {
        public Task Watch() => Groups.AddToGroupAsync(Context.ConnectionId, Group);
    }
}
