namespace Platform.Load.Measuring;

/// <summary>
/// Drain rates from each job's start and finish: over all jobs, from the first start to the last finish, and warm:
/// over the jobs started in the second half, so a host's first seconds (the JIT's, not yet optimized) are left out.
/// </summary>
public static class DrainRates
{
    public const string JobsPerSecond = "jobsPerSecond";
    public const string ColdJobsPerSecond = "coldJobsPerSecond";

    /// <summary>Figures named <see cref="JobsPerSecond"/> (warm) and <see cref="ColdJobsPerSecond"/> (from the first start).</summary>
    public static Dictionary<string, double> Of(IReadOnlyCollection<(DateTimeOffset Started, DateTimeOffset Finished)> jobs)
    {
        if (jobs.Count < 2)
            return new() { [JobsPerSecond] = 0, [ColdJobsPerSecond] = 0 };
        var starts = jobs.Select(job => job.Started).Order().ToList();
        var lastFinish = jobs.Max(job => job.Finished);
        var warmFrom = starts.Count / 2;
        return new()
        {
            [JobsPerSecond] = Rate(starts.Count - warmFrom, lastFinish - starts[warmFrom]),
            [ColdJobsPerSecond] = Rate(starts.Count, lastFinish - starts[0]),
        };
    }

    /// <summary>
    /// Processor time per job, in milliseconds, of the platform's (or the peer's) processes and of PostgreSQL and Redis,
    /// between two readings. Unlike a rate, it holds when other work shares the machine.
    /// </summary>
    public static void AddProcessorTime(Dictionary<string, double> figures, (TimeSpan Own, TimeSpan Services) from,
        (TimeSpan Own, TimeSpan Services) to, long jobs)
    {
        if (jobs <= 0)
            return;
        figures["cpuMsPerJob"] = Math.Round((to.Own - from.Own).TotalMilliseconds / jobs, 2);
        figures["servicesCpuMsPerJob"] = Math.Round((to.Services - from.Services).TotalMilliseconds / jobs, 2);
    }

    private static double Rate(int jobs, TimeSpan span) => span > TimeSpan.Zero ? Math.Round(jobs / span.TotalSeconds, 1) : 0;
}
