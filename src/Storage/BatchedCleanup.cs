using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Storage;

/// <summary>
/// Deletes what has outlived its time, at start and every <c>interval</c>, a batch per statement until a batch comes back
/// short. Every host runs it: a batch skips the rows another host is deleting, so running it twice costs nothing more.
/// </summary>
public abstract class BatchedCleanup(TimeSpan interval, int batchSize, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What is deleted, as the log names it: "room messages past their room's retention".</summary>
    protected abstract string What { get; }

    /// <summary>Deletes up to <paramref name="batch"/> of what is due by <paramref name="now"/>; answers how many.</summary>
    protected abstract Task<int> DeleteBatchAsync(DateTimeOffset now, int batch, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    await DeleteDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Deleting {What} failed ({Error}); trying again later", What, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Deletes everything due now, batch after batch; answers how many.</summary>
    public async Task<int> DeleteDueAsync(CancellationToken ct)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await DeleteBatchAsync(clock.GetUtcNow(), batchSize, ct);
            total += deleted;
        }
        while (deleted == batchSize);
        if (total > 0)
            logger.LogInformation("Deleted {Count} {What}", total, What);
        return total;
    }
}
