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

    private static double Rate(int jobs, TimeSpan span) => span > TimeSpan.Zero ? Math.Round(jobs / span.TotalSeconds, 1) : 0;
}

/// <summary>
/// Processor time per job over the warm half of a drain, in milliseconds: read once half the jobs have succeeded and
/// again when the drain ends, for the platform's (or the peer's) processes and for PostgreSQL and Redis. Unlike a
/// rate, it holds when other work shares the machine.
/// </summary>
public sealed class WarmHalfProcessorTime(long jobs, Func<(TimeSpan Own, TimeSpan Services)> read)
{
    private (long Succeeded, (TimeSpan Own, TimeSpan Services) Used)? _half;
    private Dictionary<string, double> _figures = [];

    /// <summary>Call as the drain goes, with how many jobs have succeeded so far.</summary>
    public void Observe(long succeeded)
    {
        if (_half is null && succeeded >= jobs / 2)
            _half = (succeeded, read());
    }

    /// <summary>Call as the drain ends, before anything else asks the hosts for work.</summary>
    public void Stop(long succeeded)
    {
        if (_half is not { } half || succeeded <= half.Succeeded)
            return;
        var (own, services) = read();
        var done = succeeded - half.Succeeded;
        _figures = new()
        {
            ["cpuMsPerJob"] = Math.Round((own - half.Used.Own).TotalMilliseconds / done, 2),
            ["servicesCpuMsPerJob"] = Math.Round((services - half.Used.Services).TotalMilliseconds / done, 2),
        };
    }

    /// <summary>Adds the figures, when <see cref="Stop"/> had a warm half to measure.</summary>
    public void AddTo(Dictionary<string, double> figures)
    {
        foreach (var (figure, value) in _figures)
            figures[figure] = value;
    }
}
