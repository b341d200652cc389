namespace Platform.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    /// <summary>False makes a host accept and schedule jobs without running any.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>How many jobs one host runs at once.</summary>
    public int Workers { get; set; } = 10;

    public string ArtifactsPath { get; set; } = Path.Combine(".data", "artifacts");

    /// <summary>Progress ticks are pushed live at full rate but stored at most this often per job.</summary>
    public TimeSpan ProgressStoreInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a running job re-reads its state, so a cancel arrives even when the signal was missed.</summary>
    public TimeSpan CancelCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many triggers one firing round may claim. Quartz takes its cluster-wide lock for a round of one,
    /// so a batch lets rounds claim rows lock-free.
    /// </summary>
    public int AcquireBatch { get; set; } = 10;

    /// <summary>How often the reconciler looks for queued jobs that have no trigger.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a queued job may lack a trigger before the reconciler schedules it (the submit may still be writing it).</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle scheduler sleeps before looking for triggers other hosts scheduled.</summary>
    public TimeSpan IdleWait { get; set; } = TimeSpan.FromSeconds(1);

    public string QuartzSchema { get; set; } = "quartz";

    /// <summary>Whether scheduling a trigger takes Quartz's cluster-wide row lock; with it, every submit waits in one line.</summary>
    public bool LockOnInsert { get; set; }

    /// <summary>Adds the <c>noop</c> and <c>ticker</c> job types the load tool measures with.</summary>
    public bool BenchmarkTypes { get; set; }
}
