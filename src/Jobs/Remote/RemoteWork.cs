using System.Collections.Concurrent;
using System.Text.Json;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Live;
using Platform.Jobs.Model;
using Platform.Jobs.Running;
using Platform.Jobs.Types;
using Platform.Storage;
using Platform.Storage.Queue;

namespace Platform.Jobs.Remote;

/// <summary>
/// Jobs of remote types, run by workers outside the hosts over HTTP. A claim goes through the same queue, priorities
/// and limits as the hosts' own claims and holds each job under a lease the worker renews with every call; a worker
/// that stops calling loses its jobs when the lease runs out, and the next claim recovers them in the same attempt.
/// Every call is refused once its lease is gone, so a worker acts only on jobs it holds. Each key owner has at most
/// <see cref="WorkersOptions.MaxNamesPerOwner"/> worker names; one unseen for <see cref="WorkersOptions.ForgetAfter"/> is forgotten.
/// </summary>
public sealed class RemoteWork(
    JobQueue queue, JobWriter writer, JobStore store, IDocumentStore documents, NpgsqlDataSource database, LiveJobFeed feed, JobTypeCatalog types,
    ArtifactStore artifacts, InputFiles inputFiles, WaitingClaims waitingClaims, JobsOptions options, IOptions<WorkersOptions> workers, TimeProvider clock,
    ILogger<RemoteWork> logger) : BackgroundService
{
    public const int MostJobsPerClaim = 32;
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(60);

    /// <summary>How stale a worker's last-seen time may be in the operators' list.</summary>
    public static readonly TimeSpan SeenPrecision = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _progressStoredAt = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string Claims)> _seenWritten = new();
    private long _nextPruneTicks;

    private const string LeasePrefix = "worker:";
    private const int NamesLockSpace = 0x3a3e5;

    /// <summary>
    /// Claims up to <paramref name="max"/> ready jobs of <paramref name="jobTypes"/> for <paramref name="keyOwner"/>'s
    /// worker, waiting up to <paramref name="wait"/> for one; a private worker (<paramref name="shared"/> false) gets
    /// its key owner's jobs only. Each is started in the worker's name and returned with the lease every later call must name.
    /// Call <see cref="RecordSeenAsync"/> first.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string worker, string keyOwner, bool shared, IReadOnlyCollection<string> jobTypes, int max,
        TimeSpan wait, CancellationToken ct)
    {
        var onlyOwner = shared ? null : keyOwner;
        var lease = $"{LeasePrefix}{WorkerRecord.IdOf(keyOwner, worker)}:{Guid.NewGuid():N}";
        var remote = jobTypes.Where(types.IsRemote).ToList();
        var deadline = clock.GetUtcNow() + wait;
        using var waiting = wait > TimeSpan.Zero ? waitingClaims.Add(remote, onlyOwner) : null;
        while (true)
        {
            var woken = waiting?.Next() ?? Task.CompletedTask;
            var claimed = await queue.ClaimAsync(lease, max, options.Lease, remote, onlyOwner, await CapsAsync(remote, ct), options.MaxRunningPerUser,
                keptForNewcomers: 0, ct);
            if (claimed.Count > 0)
            {
                var started = await writer.AppendManyAsync(
                    claimed.Select(id => (id, (Func<JobView, IReadOnlyList<object>>)(job => JobDecisions.Start(job, $"worker {worker}", clock.GetUtcNow())))).ToList(),
                    CancellationToken.None);
                // Whatever an earlier run stored and did not end with (its lease ran out) is gone before this one starts.
                foreach (var id in claimed)
                    await artifacts.DiscardAsync(id, keptHolder: null, CancellationToken.None);
                var running = started.Where(start => start?.View.Status == JobStatus.Running).Select(start => start!.View).ToList();
                if (running.Count > 0)
                    return running.Select(job => new ClaimedJob(job.Id, job.Type, job.Input, job.Attempt, lease, clock.GetUtcNow() + options.Lease)).ToList();
            }
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
                return [];
            // A new job this claim could take wakes the wait at once; polling covers leases that ran out and delayed jobs.
            await Task.WhenAny(woken, Task.Delay(Min(left, options.PollInterval), clock, ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    // A remote type's concurrency holds across all its workers: how many more of it may be leased now. Two claims at the
    // same instant may each see the same count, so the cap may be passed by a job a claim for a moment, as for hosts.
    private async Task<Dictionary<string, int>> CapsAsync(IReadOnlyCollection<string> remote, CancellationToken ct)
    {
        var limited = remote.Where(type => types.ConcurrencyOf(type) is not null).ToList();
        if (limited.Count == 0)
            return [];
        var leased = await queue.LeasedByTypeAsync(limited, ct);
        return limited.ToDictionary(type => type, type => Math.Max(0, types.ConcurrencyOf(type)!.Value - leased.GetValueOrDefault(type)));
    }

    /// <summary>Every worker that has claimed and is not forgotten, with the jobs it holds now.</summary>
    public async Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        var workers = await session.Query<WorkerRecord>().OrderByDescending(w => w.LastSeenAt).Take(1000).ToListAsync(ct);
        var held = await queue.HeldByAsync(LeasePrefix, ct);
        int HeldBy(WorkerRecord worker) => held.Where(h => h.Key.StartsWith($"{LeasePrefix}{worker.Id}:", StringComparison.Ordinal)).Sum(h => h.Value);
        return workers.Select(w => new WorkerInfo(w.Name, w.OwnerId, w.Shared, w.Types, HeldBy(w), w.LastSeenAt)).ToList();
    }

    /// <summary>
    /// Notes that <paramref name="worker"/> of <paramref name="keyOwner"/>'s claims now; false, and nothing noted, for a
    /// name the owner does not have yet when they have <see cref="WorkersOptions.MaxNamesPerOwner"/> already.
    /// </summary>
    public async Task<bool> RecordSeenAsync(string worker, string keyOwner, bool shared, IReadOnlyCollection<string> jobTypes, CancellationToken ct)
    {
        // Written at most every SeenPrecision per worker and host, not on every claim: a busy worker claims once a job.
        var id = WorkerRecord.IdOf(keyOwner, worker);
        var sortedTypes = jobTypes.Order(StringComparer.Ordinal).ToList();
        var claims = $"{shared} {string.Join(",", sortedTypes)}";
        var now = clock.GetUtcNow();
        if (_seenWritten.TryGetValue(id, out var written) && written.Claims == claims && now - written.At < SeenPrecision)
            return true;
        ForgetWrittenBefore(now - SeenPrecision);

        // Counted and stored under a lock per owner, so concurrent claims under new names cannot all pass the count.
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await AdvisoryLocks.HoldAsync(transaction, NamesLockSpace, keyOwner, ct);
        await using var session = documents.LightweightSession(SessionOptions.ForTransaction(transaction));
        if (!await session.Query<WorkerRecord>().AnyAsync(w => w.Id == id, ct)
            && await session.Query<WorkerRecord>().CountAsync(w => w.OwnerId == keyOwner, ct) >= workers.Value.MaxNamesPerOwner)
            return false;
        session.Store(new WorkerRecord { Id = id, Name = worker, OwnerId = keyOwner, Shared = shared, Types = sortedTypes, LastSeenAt = now });
        await session.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        _seenWritten[id] = (now, claims);
        return true;
    }

    // What was written before the last SeenPrecision no longer spares a write, so this host keeps only the workers it saw since.
    private void ForgetWrittenBefore(DateTimeOffset cutoff)
    {
        var next = Interlocked.Read(ref _nextPruneTicks);
        if (cutoff.UtcTicks < next || Interlocked.CompareExchange(ref _nextPruneTicks, cutoff.UtcTicks + SeenPrecision.Ticks, next) != next)
            return;
        foreach (var (id, written) in _seenWritten)
            if (written.At < cutoff)
                _seenWritten.TryRemove(KeyValuePair.Create(id, written));
    }

    /// <summary>
    /// Renews the lease and tells the worker whether to go on; null when the lease is gone. Given a
    /// <paramref name="wait"/>, it answers as soon as the job is asked to stop (renewing the lease meanwhile), so a
    /// worker busy with work it cannot interrupt to report learns of a cancel at once.
    /// </summary>
    public async Task<WorkerAnswer?> HeartbeatAsync(Guid jobId, string lease, TimeSpan wait, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return null;
        if (job.Status != JobStatus.Running || wait <= TimeSpan.Zero)
            return Answer(job);
        var deadline = clock.GetUtcNow() + wait;
        using var subscription = feed.Subscribe(jobId, job.Version);
        for (var left = wait; left > TimeSpan.Zero; left = deadline - clock.GetUtcNow())
        {
            if (await StoppedWithinAsync(subscription, Min(left, options.Lease / 3), ct))
                break;
            if (await HoldAsync(jobId, lease, ct) is null)
                return null;
        }
        return await HoldAsync(jobId, lease, ct) is { } now ? Answer(now) : null;
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
    public async Task<WorkerAnswer?> ProgressAsync(Guid jobId, string lease, double percent, string? message, IReadOnlyDictionary<string, double>? metrics,
        CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return null;
        var now = clock.GetUtcNow();
        var progressed = JobDecisions.Progress(percent, message, metrics, now);
        if (_progressStoredAt.TryGetValue(jobId, out var storedAt) && now - storedAt < options.ProgressStoreInterval)
        {
            await writer.PublishLiveAsync(JobEventMapping.Progressed(jobId, job.Version, job.Status, progressed, transient: true), job.OwnerId);
            return Answer(job);
        }
        _progressStoredAt[jobId] = now;
        return Answer((await writer.AppendAsync(jobId, _ => [progressed], ct))?.View ?? job);
    }

    /// <summary>Keeps the line unless the job has kept as many as it may; the answer's problem says so, and nothing is stored.</summary>
    public async Task<(WorkerAnswer? Answer, ReportProblem? Problem)> LogAsync(Guid jobId, string lease, JobLogLevel level, string message, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return (null, null);
        ReportProblem? problem = null;
        var logged = await writer.AppendAsync(jobId, latest =>
        {
            problem = options.Reports.LogProblem(message, latest.LogLines);
            return problem is null ? [JobDecisions.Log(level, message, clock.GetUtcNow())] : [];
        }, ct);
        return (Answer(logged?.View ?? job), problem);
    }

    /// <summary>
    /// Reads <paramref name="content"/> only once the lease is proven, so a caller who holds no job sends nothing to disk;
    /// an artifact whose upload outlasted the lease is taken back, and the worker told it holds the job no more.
    /// </summary>
    public async Task<(WorkerAnswer? Answer, JobArtifact? Artifact, ArtifactRefusal? Refusal)> SaveArtifactAsync(Guid jobId, string lease, string name,
        string contentType, long? declaredLength, Stream content, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return (null, null, null);
        var (artifact, refusal) = await artifacts.SaveAsync(job, lease, name, contentType, declaredLength, content, ct);
        if (await HoldAsync(jobId, lease, ct) is not { } held)
        {
            await artifacts.DiscardRunAsync(jobId, lease, CancellationToken.None);
            return (null, null, null);
        }
        return (Answer(held), artifact, refusal);
    }

    /// <summary>An uploaded file the held job's input names; no answer when the lease is not held, no file when it names none such.</summary>
    public async Task<(WorkerAnswer? Answer, InputFile? File)> OpenFileAsync(Guid jobId, string lease, Guid fileId, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is not { } job)
            return (null, null);
        return (Answer(job), await inputFiles.OpenAsync(job, fileId, ct));
    }

    /// <summary>The work is done: the job succeeds with its output and the artifacts uploaded under this lease.</summary>
    public async Task<WorkerAnswer?> SucceedAsync(Guid jobId, string lease, JsonElement? output, CancellationToken ct)
    {
        if (await HoldAsync(jobId, lease, ct) is null)
            return null;
        var saved = await artifacts.HeldByAsync(jobId, lease, ct);
        return await EndHeldAsync(jobId, lease, _ => JobDecisions.Succeed(output, saved, clock.GetUtcNow()));
    }

    /// <summary>The attempt failed: retried by the job's rules, else final; a job asked to stop ends cancelled.</summary>
    public Task<WorkerAnswer?> FailAsync(Guid jobId, string lease, string error, CancellationToken ct) =>
        EndAsync(jobId, lease, job => JobDecisions.Fail(job, error, options.BackoffFor, clock.GetUtcNow()), ct);

    /// <summary>The worker gives the job back without a failure: queued again for any worker, or cancelled if that was asked.</summary>
    public Task<WorkerAnswer?> ReleaseAsync(Guid jobId, string lease, CancellationToken ct) =>
        EndAsync(jobId, lease, job => JobDecisions.Stop(job, hostShuttingDown: true, clock.GetUtcNow()), ct);

    private async Task<WorkerAnswer?> EndAsync(Guid jobId, string lease, Func<JobView, IReadOnlyList<object>> decide, CancellationToken ct) =>
        await HoldAsync(jobId, lease, ct) is null ? null : await EndHeldAsync(jobId, lease, decide);

    // Only a run that succeeded keeps what it stored; the next attempt starts with nothing of this one's.
    private async Task<WorkerAnswer?> EndHeldAsync(Guid jobId, string lease, Func<JobView, IReadOnlyList<object>> decide)
    {
        _progressStoredAt.TryRemove(jobId, out _);
        var ended = await writer.EndAsync(jobId, job => job.Status is JobStatus.Running or JobStatus.Cancelling ? decide(job) : []);
        if (ended is null)
            return null;
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
        var ended = await writer.EndAsync(jobId, latest => JobDecisions.HasTimedOut(latest, clock.GetUtcNow())
            ? JobDecisions.TimeOut(latest, options.BackoffFor, clock.GetUtcNow())
            : []);
        if (ended?.View.Status != JobStatus.Running)
            await artifacts.DiscardAsync(jobId, keptHolder: null, CancellationToken.None);
        return null;
    }

    private WorkerAnswer Answer(JobView job) =>
        new(job.Id, job.Status, job.Status == JobStatus.Cancelling, clock.GetUtcNow() + options.Lease);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Wakeups.ListenAsync(ct => queue.ListenForNoticesAsync(waitingClaims.Queued, ct), options.PollInterval, clock, logger, "new jobs for workers", stoppingToken);
}
