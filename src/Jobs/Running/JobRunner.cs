using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Handlers;
using Platform.Storage.Jobs;

namespace Platform.Jobs.Running;

/// <summary>Runs one attempt of a job: records the start, runs the handler, records how it ended.</summary>
public sealed class JobRunner(
    JobStore store,
    JobHandlers handlers,
    IJobEventPublisher publisher,
    ArtifactStore artifacts,
    RunningJobs running,
    JobsOptions options,
    ILogger<JobRunner> logger)
{
    /// <summary>This host's name in job histories and queue leases.</summary>
    public static readonly string HostName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Runs a job this host claimed; <paramref name="hostStopping"/> fires when the host shuts down.</summary>
    public async Task RunAsync(Guid jobId, CancellationToken hostStopping)
    {
        var start = await store.AppendAsync(jobId, StartOrSkip, CancellationToken.None);
        if (start is null)
        {
            logger.LogWarning("Job {JobId} was triggered but is not stored; nothing to run", jobId);
            return;
        }
        await publisher.PublishAsync(start);
        if (start.View.Status != JobStatus.Running)
            return;

        var job = start.View;
        var handler = handlers.Find(job.Type);
        if (handler is null)
        {
            await publisher.PublishAsync(await store.AppendAsync(jobId, _ => [new JobFailed($"This host has no handler for job type '{job.Type}'.", DateTimeOffset.UtcNow)], CancellationToken.None));
            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        using var registration = running.Register(jobId, cancellation);
        await using var context = new JobContext(job, store, publisher, artifacts, options, logger, cancellation);
        logger.LogInformation("Running {JobType} job {JobId}, attempt {Attempt}", job.Type, jobId, job.Attempt);

        Func<JobView, IReadOnlyList<object>> outcome;
        try
        {
            var output = await handler.RunAsync(job.Input, context);
            outcome = _ => [new JobSucceeded(output, context.Artifacts, DateTimeOffset.UtcNow)];
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            outcome = latest => latest.Status == JobStatus.Cancelling || !hostStopping.IsCancellationRequested
                ? [new JobCancelled("cancelled by request", DateTimeOffset.UtcNow)]
                : [new JobRequeued("requeued: its host shut down", DateTimeOffset.UtcNow)];
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Job {JobId} failed", jobId);
            outcome = _ => [new JobFailed(e.Message, DateTimeOffset.UtcNow)];
        }

        var end = await context.CompleteAsync(outcome);
        logger.LogInformation("Job {JobId} ended {Status}", jobId, end?.View.Status);
    }

    // A claimed job that is still Running lost its host: the lease ran out before the run ended.
    private static IReadOnlyList<object> StartOrSkip(JobView job) => job.Status switch
    {
        JobStatus.Queued when job.Interrupted => [new JobStarted(Math.Max(job.Attempt, 1), HostName, true, DateTimeOffset.UtcNow)],
        JobStatus.Queued => [new JobStarted(job.Attempt + 1, HostName, false, DateTimeOffset.UtcNow)],
        JobStatus.Running => [new JobStarted(job.Attempt, HostName, true, DateTimeOffset.UtcNow)],
        JobStatus.Cancelling => [new JobCancelled("cancelled before it started", DateTimeOffset.UtcNow)],
        _ => [],
    };
}
