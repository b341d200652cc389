using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Storage.Rooms;

namespace Platform.Hubs.Rooms;

/// <summary>
/// Deletes messages older than their room's retention, at start and every <see cref="RoomsOptions.RetentionInterval"/>,
/// a batch at a time. Every host runs it: hosts skip the rows another is deleting, so running it twice costs nothing more.
/// </summary>
public sealed class RoomRetention(ExpiredRoomMessages expired, IOptions<RoomsOptions> options, TimeProvider clock, ILogger<RoomRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, clock);
        try
        {
            do
            {
                try
                {
                    await DeleteExpiredAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Deleting expired room messages failed ({Error}); trying again later", e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes every message past its room's retention now, batch after batch; answers how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        var batch = options.Value.RetentionBatchSize;
        var total = 0;
        int deleted;
        do
        {
            deleted = await expired.DeleteAsync(clock.GetUtcNow(), batch, ct);
            total += deleted;
        }
        while (deleted == batch);
        if (total > 0)
            logger.LogInformation("Deleted {Count} room messages past their room's retention", total);
        return total;
    }
}
