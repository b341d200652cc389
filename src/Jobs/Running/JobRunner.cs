using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Handlers;
using Platform.Storage.Jobs;

namespace Platform.Jobs.Running;

/// <summary>Runs one attempt of a job: records the start, runs the handler, records how it ended.</summary>
public sealed class JobRunner(
    JobWriter writer,
    JobHandlers handlers,
    ArtifactStore artifacts,
    RunningJobs running,
    JobsOptions options,
    ILogger<JobRunner> logger)
{
    /// <summary>This host's name in job histories and queue leases.</summary>
    public static readonly string HostName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Records the start of every job this host just claimed, in one transaction, and returns those to run;
    /// claimed jobs that were cancelled or have ended meanwhile are settled here and not returned.
    /// </summary>
    public async Task<IReadOnlyList<JobView>> StartAsync(IReadOnlyList<Guid> claimed)
    {
        var starts = await writer.AppendManyAsync(claimed.Select(id => (id, (Func<JobView, IReadOnlyList<object>>)StartOrSkip)).ToList(), CancellationToken.None);
        return starts.Where(start => start?.View.Status == JobStatus.Running).Select(start => start!.View).ToList();
    }

    /// <summary>Runs a job <see cref="StartAsync"/> started; <paramref name="hostStopping"/> fires when the host shuts down.</summary>
    public async Task RunAsync(JobView job, CancellationToken hostStopping)
    {
        var jobId = job.Id;
        // Everything logged while the job runs, by the runner, its context or its handler, names the job.
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["JobType"] = job.Type, ["Attempt"] = job.Attempt });
        var handler = handlers.Find(job.Type);
        if (handler is null)
        {
            await writer.AppendAsync(jobId, _ => [new JobFailed($"This host has no handler for job type '{job.Type}'.", DateTimeOffset.UtcNow)], CancellationToken.None);
            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        using var timeout = job.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var timeoutRegistration = timeout.Token.Register(cancellation.Cancel);
        using var registration = running.Register(jobId, cancellation);
        await using var context = new JobContext(job, writer, artifacts, options, logger, cancellation);
        logger.LogInformation("Running {JobType} job {JobId}, attempt {Attempt}", job.Type, jobId, job.Attempt);

        Func<JobView, IReadOnlyList<object>> outcome;
        try
        {
            var output = await handler.RunAsync(job.Input, context);
            outcome = _ => [new JobSucceeded(output, context.Artifacts, DateTimeOffset.UtcNow)];
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !hostStopping.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} timed out after {Timeout}", jobId, job.Timeout);
            outcome = latest => latest.Status == JobStatus.Cancelling
                ? [new JobCancelled("cancelled by request", DateTimeOffset.UtcNow)]
                : [FailureOf(latest, $"timed out after {job.Timeout}")];
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
            outcome = latest => latest.Status == JobStatus.Cancelling
                ? [new JobCancelled("cancelled by request", DateTimeOffset.UtcNow)]
                : [FailureOf(latest, e.Message)];
        }

        var end = await context.CompleteAsync(outcome);
        logger.LogInformation("Job {JobId} ended {Status}", jobId, end?.View.Status);
    }

    // A failure with attempts to spare goes back to the queue after a backoff; the last one is final.
    private object FailureOf(JobView latest, string error)
    {
        var now = DateTimeOffset.UtcNow;
        return latest.HasAttemptsLeft
            ? new JobRetryScheduled(latest.Attempt, error, now + options.BackoffFor(latest.Attempt - latest.AttemptsBeforeRetry), now)
            : new JobFailed(error, now);
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
