using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Hubs.Presence;

/// <summary>Every <see cref="PresenceOptions.PresenceHeartbeat"/>, vouches for this host's connections and sweeps out expired ones.</summary>
public sealed class PresenceHeartbeat(PresenceTracker tracker, IOptions<PresenceOptions> options, TimeProvider clock, ILogger<PresenceHeartbeat> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceHeartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await tracker.BeatAsync();
                }
                catch (Exception e)
                {
                    logger.LogWarning("Presence heartbeat failed, retrying on the next one: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
