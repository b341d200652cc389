using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Live;
using Platform.Jobs.Model;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Remote;

/// <summary>
/// What a worker does with a job it holds: every call renews the lease and answers the job's state, and is refused as
/// <see cref="WorkerRefusals.LeaseLost"/> once the lease is not the caller's.
/// </summary>
public sealed partial class RemoteWork
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _progressStoredAt = new();

    /// <summary>
    /// Renews the lease and tells the worker whether to go on. Given a
    /// <paramref name="wait"/>, it answers as soon as the job is asked to stop (renewing the lease meanwhile), so a
    /// worker busy with work it cannot interrupt to report learns of a cancel at once.
    /// </summary>
    public async Task<Outcome<WorkerAnswer>> HeartbeatAsync(Guid jobId, string lease, TimeSpan wait, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return WorkerRefusals.LeaseLost(jobId);
        if (job.Status != JobStatus.Running || wait <= TimeSpan.Zero)
            return Answer(job);
        var deadline = clock.GetUtcNow() + wait;
        using var subscription = feed.Subscribe(jobId, job.Version);
        for (var left = wait; left > TimeSpan.Zero; left = deadline - clock.GetUtcNow())
        {
            if (await StoppedWithinAsync(subscription, Min(left, options.Lease / 3), ct))
                break;
            if (await HoldAsync(jobId, lease, ct) is null)
                return WorkerRefusals.LeaseLost(jobId);
        }
        return await HeldAsync(jobId, lease, ct);
    }

    // True once a stored event leaves the job anything but running (asked to stop, or ended by someone else).
    private static async Task<bool> StoppedWithinAsync(JobFeedSubscription subscription, TimeSpan within, CancellationToken ct)
    {
        using var slice = CancellationTokenSource.CreateLinkedTokenSource(ct);
        slice.CancelAfter(within);
        try
        {
            await foreach (var jobEvent in subscription.Events.ReadAllAsync(slice.Token))
                if (!jobEvent.Transient && jobEvent.Status != JobStatus.Running)
                    return true;
            return true;
        }
        catch (OperationCanceledException) when (slice.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Tells watchers at once and stores the progress at most every <see cref="JobsOptions.ProgressStoreInterval"/>.</summary>
    public async Task<Outcome<WorkerAnswer>> ProgressAsync(Guid jobId, string lease, double percent, string? message,
        IReadOnlyDictionary<string, double>? metrics, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return WorkerRefusals.LeaseLost(jobId);
        var now = clock.GetUtcNow();
        var progressed = JobDecisions.Progress(percent, message, metrics, now);
        recorder.Record(jobId, metrics, now);
        if (_progressStoredAt.TryGetValue(jobId, out var storedAt) && now - storedAt < options.ProgressStoreInterval)
        {
            await writer.PublishLiveAsync(JobEventMapping.Progressed(jobId, job.Version, job.Status, progressed, transient: true), job.OwnerId);
            return Answer(job);
        }
        _progressStoredAt[jobId] = now;
        return Answer((await writer.AppendAsync(jobId, _ => [progressed], ct))?.View ?? job);
    }

    /// <summary>Keeps the line unless the job has kept as many as it may; then it is refused, and nothing is stored.</summary>
    public async Task<Outcome<WorkerAnswer>> LogAsync(Guid jobId, string lease, JobLogLevel level, string message, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return WorkerRefusals.LeaseLost(jobId);
        ReportProblem? problem = null;
        var logged = await writer.AppendAsync(jobId, latest =>
        {
            problem = options.Reports.LogProblem(message, latest.LogLines);
            return problem is null ? [JobDecisions.Log(level, message, clock.GetUtcNow())] : [];
        }, ct);
        if (problem is not null)
            return problem.ToRefusal();
        return Answer(logged?.View ?? job);
    }

    /// <summary>
    /// Reads <paramref name="content"/> only once the lease is proven, so a caller who holds no job sends nothing to disk;
    /// an artifact whose upload outlasted the lease is taken back, and the worker told it holds the job no more.
    /// </summary>
    public async Task<Outcome<JobArtifactUploaded>> SaveArtifactAsync(Guid jobId, string lease, string name, string contentType, long? declaredLength,
        Stream content, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return WorkerRefusals.LeaseLost(jobId);
        var saved = await artifacts.SaveAsync(job, lease, name, contentType, declaredLength, content, ct);
        if (await HoldAsync(jobId, lease, ct) is not { } held)
        {
            await artifacts.DiscardRunAsync(jobId, lease, CancellationToken.None);
            return WorkerRefusals.LeaseLost(jobId);
        }
        return saved.Map(artifact => new JobArtifactUploaded(artifact, Answer(held)));
    }

    /// <summary>An uploaded file the held job's input names.</summary>
    public async Task<Outcome<InputFile>> OpenFileAsync(Guid jobId, string lease, Guid fileId, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return WorkerRefusals.LeaseLost(jobId);
        if (await inputFiles.OpenAsync(job, fileId, ct) is not { } file)
            return WorkerRefusals.FileNotFound(jobId, fileId);
        return file;
    }

    /// <summary>The work is done: the job succeeds with its output and the artifacts uploaded under this lease.</summary>
    public async Task<Outcome<WorkerAnswer>> SucceedAsync(Guid jobId, string lease, JsonElement? output, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is null)
            return WorkerRefusals.LeaseLost(jobId);
        var saved = await artifacts.HeldByAsync(jobId, lease, ct);
        return await EndHeldAsync(jobId, lease, _ => JobDecisions.Succeed(output, saved, clock.GetUtcNow()));
    }

    /// <summary>The attempt failed: retried by the job's rules, else final; a job asked to stop ends cancelled.</summary>
    public Task<Outcome<WorkerAnswer>> FailAsync(Guid jobId, string lease, string error, CancellationToken ct) =>
        EndAsync(jobId, lease, job => JobDecisions.Fail(job, error, options.BackoffFor, clock.GetUtcNow()), ct);

    /// <summary>The worker gives the job back without a failure: queued again for any worker, or cancelled if that was asked.</summary>
    public Task<Outcome<WorkerAnswer>> ReleaseAsync(Guid jobId, string lease, CancellationToken ct) =>
        EndAsync(jobId, lease, job => JobDecisions.Stop(job, hostShuttingDown: true, clock.GetUtcNow()), ct);

    private async Task<Outcome<WorkerAnswer>> EndAsync(Guid jobId, string lease, Func<JobView, IReadOnlyList<object>> decide, CancellationToken ct) =>
        await HoldAsync(jobId, lease, ct) is null ? WorkerRefusals.LeaseLost(jobId) : await EndHeldAsync(jobId, lease, decide);

    // Only a run that succeeded keeps what it stored; the next attempt starts with nothing of this one's.
    private async Task<Outcome<WorkerAnswer>> EndHeldAsync(Guid jobId, string lease, Func<JobView, IReadOnlyList<object>> decide)
    {
        _progressStoredAt.TryRemove(jobId, out _);
        await recorder.FlushAsync(jobId, CancellationToken.None);
        var ended = await writer.EndAsync(jobId, job => job.Status is JobStatus.Running or JobStatus.Cancelling ? decide(job) : []);
        if (ended is null)
            return WorkerRefusals.LeaseLost(jobId);
        await artifacts.DiscardAsync(jobId, keptHolder: ended.View.Status == JobStatus.Succeeded ? lease : null, CancellationToken.None);
        return Answer(ended.View);
    }

    // The job, if the lease is still this caller's; renewing it on every call keeps a busy worker's jobs. A run past its
    // timeout ends here as timed out, as a host's would, and the worker is told it holds the job no more.
    private async Task<JobView?> HoldAsync(Guid jobId, string lease, CancellationToken ct)
    {
        if (!await queue.RenewOneAsync(lease, jobId, options.Lease, ct) || await store.GetAsync(jobId, ct) is not { } job)
            return null;
        if (!JobDecisions.HasTimedOut(job, clock.GetUtcNow()))
            return job;
        logger.LogWarning("Remote job {JobId} timed out after {Timeout}", jobId, job.Timeout);
        await recorder.FlushAsync(jobId, CancellationToken.None);
        var ended = await writer.EndAsync(jobId, latest => JobDecisions.HasTimedOut(latest, clock.GetUtcNow())
            ? JobDecisions.TimeOut(latest, options.BackoffFor, clock.GetUtcNow())
            : []);
        if (ended?.View.Status != JobStatus.Running)
            await artifacts.DiscardAsync(jobId, keptHolder: null, CancellationToken.None);
        return null;
    }

    private async Task<Outcome<WorkerAnswer>> HeldAsync(Guid jobId, string lease, CancellationToken ct) =>
        await HoldAsync(jobId, lease, ct) is { } job ? Answer(job) : WorkerRefusals.LeaseLost(jobId);

    private WorkerAnswer Answer(JobView job) =>
        new(job.Id, job.Status, job.Status == JobStatus.Cancelling, clock.GetUtcNow() + options.Lease);
}
