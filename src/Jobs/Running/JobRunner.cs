using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Handlers;
using Platform.Jobs.Metrics;
using Platform.Jobs.Model;

namespace Platform.Jobs.Running;

/// <summary>Runs one attempt of a job: records the start, runs the handler, records how it ended.</summary>
public sealed class JobRunner(
    JobWriter writer,
    MetricRecorder metrics,
    JobHandlers handlers,
    ArtifactStore artifacts,
    InputFiles inputFiles,
    RunningJobs running,
    JobsOptions options,
    TimeProvider clock,
    ILogger<JobRunner> logger)
{
    /// <summary>This host's name in job histories and queue leases.</summary>
    public static readonly string HostName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Records the start of every job this host just claimed, in one transaction, and returns those to run;
    /// claimed jobs that were cancelled or have ended meanwhile are settled here and not returned.
    /// </summary>
    public Task<IReadOnlyList<JobView>> StartAsync(IReadOnlyList<Guid> claimed) =>
        writer.StartClaimedAsync(claimed, job => JobDecisions.Start(job, HostName, clock.GetUtcNow()));

    /// <summary>Runs a job <see cref="StartAsync"/> started; <paramref name="hostStopping"/> fires when the host shuts down.</summary>
    public async Task RunAsync(JobView job, CancellationToken hostStopping)
    {
        var jobId = job.Id;
        // Everything logged while the job runs, by the runner, its context or its handler, names the job.
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["JobType"] = job.Type, ["Attempt"] = job.Attempt });
        var handler = handlers.Find(job.Type);
        if (handler is null)
        {
            await writer.AppendAsync(jobId, latest => JobDecisions.NoHandler(latest, clock.GetUtcNow()), CancellationToken.None);
            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        using var timeout = job.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var timeoutRegistration = timeout.Token.Register(cancellation.Cancel);
        using var registration = running.Register(jobId, cancellation);
        await using var context = new JobContext(job, writer, metrics, artifacts, inputFiles, options, logger, clock, cancellation);
        logger.LogInformation("Running {JobType} job {JobId}, attempt {Attempt}", job.Type, jobId, job.Attempt);

        Func<JobView, IReadOnlyList<object>> outcome;
        try
        {
            var output = await handler.RunAsync(job.Input, context);
            outcome = options.Reports.OutputProblem(output) is { } tooLarge
                ? latest => JobDecisions.Fail(latest, $"{tooLarge.Field} {tooLarge.Message}", options.BackoffFor, clock.GetUtcNow())
                : _ => JobDecisions.Succeed(output, context.Artifacts, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !hostStopping.IsCancellationRequested)
        {
            logger.LogWarning("Job {JobId} timed out after {Timeout}", jobId, job.Timeout);
            outcome = latest => JobDecisions.TimeOut(latest, options.BackoffFor, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            outcome = latest => JobDecisions.Stop(latest, hostStopping.IsCancellationRequested, clock.GetUtcNow());
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Job {JobId} failed", jobId);
            outcome = latest => JobDecisions.Fail(latest, options.Reports.Kept(e.Message), options.BackoffFor, clock.GetUtcNow());
        }

        var end = await context.CompleteAsync(outcome);
        logger.LogInformation("Job {JobId} ended {Status}", jobId, end?.View.Status);
        // Only a run that succeeded keeps what it stored, as a remote worker's; a success that stored nothing has nothing to sort.
        var succeeded = end?.View.Status == JobStatus.Succeeded;
        if (!succeeded || context.Artifacts.Count > 0)
            await artifacts.DiscardAsync(jobId, succeeded ? context.Holder : null, CancellationToken.None);
    }
}
