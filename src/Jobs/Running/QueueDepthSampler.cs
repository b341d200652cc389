using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Storage;
using Platform.Storage.Queue;

namespace Platform.Jobs.Running;

/// <summary>
/// Counts the queue every <see cref="JobsOptions.QueueDepthInterval"/> for the queue depth gauge, so scrapes,
/// however frequent, never cost a query each.
/// </summary>
public sealed class QueueDepthSampler(JobQueue queue, PlatformMetrics metrics, JobsOptions options, TimeProvider clock,
    ILogger<QueueDepthSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.QueueDepthInterval, clock);
        do
        {
            try
            {
                metrics.QueueDepthRead(await queue.DepthAsync(stoppingToken));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(e, "Counting the queue failed; the gauge keeps its last value");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
