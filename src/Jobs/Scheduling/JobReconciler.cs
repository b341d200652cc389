using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Storage.Jobs;

namespace Platform.Jobs.Scheduling;

/// <summary>
/// Submitting is two writes, the job's stream then its trigger. If a host dies between them the job would
/// wait forever; this service schedules every queued job that has had no trigger for a while.
/// </summary>
public sealed class JobReconciler(IDocumentStore store, JobScheduler scheduler, JobsOptions options, ILogger<JobReconciler> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReconcileInterval);
        do
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Reconciling queued jobs failed; will try again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Schedules queued jobs without a trigger; returns how many it scheduled.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var queued = await session.QueuedJobIdsAsync(DateTimeOffset.UtcNow - options.ReconcileGrace, BatchSize, ct);
        var scheduled = 0;
        foreach (var jobId in queued)
        {
            if (await scheduler.IsScheduledAsync(jobId, ct))
                continue;
            var job = await session.LoadAsync<JobView>(jobId, ct);
            await scheduler.ScheduleAsync(jobId, job?.Priority ?? 5, ct);
            scheduled++;
        }
        if (scheduled > 0)
            logger.LogInformation("Scheduled {Count} queued jobs that had no trigger", scheduled);
        return scheduled;
    }
}
