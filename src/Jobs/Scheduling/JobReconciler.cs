using Platform.Contracts.Jobs;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Jobs.Model;
using Platform.Storage.Queue;

namespace Platform.Jobs.Scheduling;

/// <summary>
/// A submit queues its job in the same transaction, but a job can still be committed without a queue row
/// (restored from a backup, written by hand or by an older version); this service queues every queued job
/// that has had no queue row for a while.
/// </summary>
public sealed class JobReconciler(IDocumentStore store, JobQueue queue, JobsOptions options, TimeProvider clock, ILogger<JobReconciler> logger)
    : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReconcileInterval, clock);
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

    /// <summary>Queues jobs whose status is Queued but that have no queue row; returns how many it queued.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var queued = await session.QueuedJobIdsAsync(clock.GetUtcNow() - options.ReconcileGrace, BatchSize, ct);
        var scheduled = 0;
        foreach (var jobId in queued)
        {
            if (await queue.ContainsAsync(jobId, ct))
                continue;
            // It may have run and ended since it was listed: an ended job is never queued again.
            if (await session.LoadAsync<JobView>(jobId, ct) is not { Status: JobStatus.Queued } job)
                continue;
            await queue.EnqueueAsync(new QueueEntry(jobId, job.Priority, job.RunAt, job.Type, job.OwnerId), ct);
            scheduled++;
        }
        if (scheduled > 0)
            logger.LogInformation("Queued {Count} jobs that were committed without a queue row", scheduled);
        return scheduled;
    }
}
