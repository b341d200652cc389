namespace Platform.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    /// <summary>False makes a host accept and schedule jobs without running any.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>How many jobs one host runs at once. Jobs mostly wait on storage and I/O, so more than the cores.</summary>
    public int Workers { get; set; } = 20;

    public string ArtifactsPath { get; set; } = Path.Combine(".data", "artifacts");

    /// <summary>Progress ticks are pushed live at full rate but stored at most this often per job.</summary>
    public TimeSpan ProgressStoreInterval { get; set; } = TimeSpan.FromMilliseconds(250);

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


    public string QuartzSchema { get; set; } = "quartz";


    /// <summary>Adds the <c>noop</c> and <c>ticker</c> job types the load tool measures with.</summary>
    public bool BenchmarkTypes { get; set; }
}
