using Platform.Storage.Links;

namespace Platform.Host.Links;

/// <summary>Forgets used once-only links after they expire, every hour on every host; deleting what another host already deleted costs nothing.</summary>
public sealed class UsedLinkCleanup(UsedLinks used, TimeProvider clock, ILogger<UsedLinkCleanup> logger) : BackgroundService
{
    // A used link is one small row, refused as expired anyway once past its time: hourly keeps the table small enough.
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await used.DeleteExpiredAsync(clock.GetUtcNow(), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Deleting expired used links failed ({Error}); trying again later", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
