using System.Text.RegularExpressions;
using Platform.Storage.Settings;

namespace Platform.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed partial class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>False makes a host accept and schedule jobs without running any.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>How many jobs one host runs at once. Jobs mostly wait on storage and I/O, so more than the cores.</summary>
    public int Workers { get; set; } = 20;

    /// <summary>
    /// Of a host's workers, how many are kept free for the first job of a user with nothing running anywhere, so it
    /// starts at once even while another user's backlog would fill every worker. Null for a tenth of <see cref="Workers"/>.
    /// </summary>
    public int? ReservedWorkers { get; set; }

    public int ReservedWorkersOrDefault => ReservedWorkers ?? Workers / 10;

    /// <summary>Progress ticks are stored at most this often per job.</summary>
    public TimeSpan ProgressStoreInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most live progress ticks of one job sent to watchers each second (the newest wins); 0 sends every tick.</summary>
    public int LiveProgressPerSecond { get; set; } = 20;

    /// <summary>How often a running job re-reads its state, so a cancel arrives even when the signal was missed.</summary>
    public TimeSpan CancelCheckInterval { get; set; } = TimeSpan.FromSeconds(1);


    /// <summary>How long a claimed job stays with its host without a renewal; a host that dies loses its jobs after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often idle workers look at the queue even without a notification.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the reconciler looks for queued jobs that have no queue row.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How old a queued job without a queue row must be before the reconciler queues it.</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the queue's depth is counted for the <c>platform.queue.depth</c> gauge.</summary>
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(5);


    public string QuartzSchema { get; set; } = "quartz";

    /// <summary>Quartz's threads: they only submit scheduled jobs, the queue's workers run them.</summary>
    public int SchedulerThreads { get; set; } = 2;

    /// <summary>How long an idle scheduler waits before looking for triggers another host has added.</summary>
    public TimeSpan SchedulerIdleWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest interval a schedule's cron may fire at.</summary>
    public TimeSpan MinScheduleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many schedules one user may have.</summary>
    public int MaxSchedulesPerUser { get; set; } = 100;

    /// <summary>Adds the <c>noop</c>, <c>ticker</c> and <c>flaky</c> job types the load tool and the tests measure with.</summary>
    public bool BenchmarkTypes { get; set; }

    /// <summary>How many jobs of one user run at once across the cluster; 0 for no limit. Others' jobs go ahead meanwhile.</summary>
    public int MaxRunningPerUser { get; set; }

    /// <summary>How many of one user's jobs may be queued or running at once; a submit past it is refused. 0 for no limit.</summary>
    public int MaxQueuedPerUser { get; set; } = 10_000;

    /// <summary>Limits that differ for users of a plan (the <c>plan</c> of their account), e.g. <c>Jobs:Plans:pro:MaxQueuedPerUser</c>.</summary>
    public Dictionary<string, JobsPlanOptions> Plans { get; set; } = new(StringComparer.Ordinal);

    public int MaxQueuedFor(string? plan) =>
        plan is not null && Plans.TryGetValue(plan, out var limits) && limits.MaxQueuedPerUser is { } max ? max : MaxQueuedPerUser;

    /// <summary>Runs of a job before a failure is final, unless its type or its submit says otherwise.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the first automatic retry; it doubles with each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an <c>Idempotency-Key</c> answers with what it first created; after that the key may be used afresh.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a host reloads the job types admins declared on any host.</summary>
    public TimeSpan JobTypeRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest artifact a run may store, in bytes.</summary>
    public long MaxArtifactBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How many artifacts one attempt (one claim of the job) may store; one more is refused.</summary>
    public int MaxArtifactsPerAttempt { get; set; } = 100;

    /// <summary>The bytes one attempt's artifacts may take together.</summary>
    public long MaxArtifactBytesPerAttempt { get; set; } = 1L << 30;

    /// <summary>How much a job's runner may report, in the hosts or outside them (<c>Jobs:Reports:…</c>).</summary>
    public JobReportLimits Reports { get; set; } = new();

    /// <summary>The longest period (<c>to - from</c>) one metric aggregate may summarise.</summary>
    public TimeSpan MaxMetricAggregatePeriod { get; set; } = TimeSpan.FromDays(366);

    /// <summary>How long a finished job's artifacts are kept; zero keeps them for good.</summary>
    public TimeSpan ArtifactRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each host removes artifacts and uploaded files past their retention.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most jobs one batch submit may carry.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>
    /// Job types run by workers outside the hosts, by name: each with a description and the JSON Schema of its input
    /// (<c>Jobs:RemoteTypes:render:InputSchema</c>). Their limits per run are set under <see cref="Types"/> as for built-in types.
    /// </summary>
    public Dictionary<string, RemoteJobTypeOptions> RemoteTypes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Settings per job type, e.g. <c>Jobs:Types:training:MaxAttempts</c>.</summary>
    public Dictionary<string, JobTypeOptions> Types { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long one run may take when neither its submit nor its type says: no job holds a worker for ever.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan TimeoutOf(string type) => Types.TryGetValue(type, out var typed) && typed.Timeout is { } timeout ? timeout : DefaultTimeout;

    public static void Rules(SettingsRules<JobsOptions> rules) => rules
        .Positive(o => o.Workers)
        .Check(o => o.ReservedWorkers, reserved => reserved is not { } given || given >= 0 && given < rules.Value.Workers, "0 or more and fewer than Jobs:Workers")
        .Positive(o => o.ProgressStoreInterval)
        .NotNegative(o => o.LiveProgressPerSecond)
        .Positive(o => o.CancelCheckInterval)
        .Positive(o => o.Lease)
        .Positive(o => o.PollInterval)
        .Positive(o => o.ReconcileInterval)
        .NotNegative(o => o.ReconcileGrace)
        .Positive(o => o.QueueDepthInterval)
        .Check(o => o.QuartzSchema, schema => SchemaName().IsMatch(schema ?? ""), "a PostgreSQL schema name: a letter or _, then letters, digits and _")
        .Positive(o => o.SchedulerThreads)
        .Positive(o => o.SchedulerIdleWait)
        .Positive(o => o.MinScheduleInterval)
        .Positive(o => o.MaxSchedulesPerUser)
        .NotNegative(o => o.MaxRunningPerUser)
        .NotNegative(o => o.MaxQueuedPerUser)
        .Each(o => o.Plans, plan => plan.NotNegative(p => p.MaxQueuedPerUser))
        .Positive(o => o.MaxAttempts)
        .Positive(o => o.RetryDelay)
        .AtLeast(o => o.RetryMaxDelay, o => o.RetryDelay)
        .Positive(o => o.IdempotencyWindow)
        .Positive(o => o.JobTypeRefreshInterval)
        .Positive(o => o.MaxArtifactBytes)
        .Positive(o => o.MaxArtifactsPerAttempt)
        .AtLeast(o => o.MaxArtifactBytesPerAttempt, o => o.MaxArtifactBytes)
        .Positive(o => o.Reports.MaxMessageLength)
        .Positive(o => o.Reports.MaxMetrics)
        .Positive(o => o.Reports.MaxMetricNameLength)
        .Check(o => o.Reports.MaxMetricPoints, points => points > 1, "more than 1: a series keeps its first and its last point")
        .Positive(o => o.MaxMetricAggregatePeriod)
        .Positive(o => o.Reports.MaxLogLineLength)
        .Positive(o => o.Reports.MaxLogLinesPerJob)
        .Positive(o => o.Reports.MaxErrorLength)
        .Positive(o => o.Reports.MaxOutputBytes)
        .NotNegative(o => o.ArtifactRetention)
        .Positive(o => o.RetentionInterval)
        .Positive(o => o.MaxBatchSize)
        .Each(o => o.Types, type => type.Positive(t => t.MaxAttempts).Positive(t => t.Timeout).Positive(t => t.Concurrency))
        .Positive(o => o.DefaultTimeout);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SchemaName();

    /// <summary>The wait before automatic retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan BackoffFor(int retry) => Backoff.For(retry, RetryDelay, RetryMaxDelay);
}

public sealed class JobsPlanOptions
{
    public int? MaxQueuedPerUser { get; set; }
}

public sealed class RemoteJobTypeOptions
{
    public string? Description { get; set; }

    /// <summary>The JSON Schema of the type's input, as JSON text.</summary>
    public string? InputSchema { get; set; }
}

public sealed class JobTypeOptions
{
    public int? MaxAttempts { get; set; }

    /// <summary>How long one run of this type may take; null for <see cref="JobsOptions.DefaultTimeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How many jobs of this type one host runs at once (e.g. one per GPU); null for no limit beyond <see cref="JobsOptions.Workers"/>.</summary>
    public int? Concurrency { get; set; }
}
