namespace Platform.Load.Measuring;

/// <summary>
/// Drain rates from each job's start and finish, from the first start to the last finish. A drain is measured twice:
/// cold, by hosts (or a server) that start on a full queue and compile their code as they go, and warm, on a second
/// full queue that the same hosts meet once warm, as a deployment that has been running meets a burst.
/// </summary>
public static class DrainRates
{
    public const string JobsPerSecond = "jobsPerSecond";
    public const string ColdJobsPerSecond = "coldJobsPerSecond";

    /// <summary>Figures named <see cref="JobsPerSecond"/> (the warm drain) and <see cref="ColdJobsPerSecond"/>.</summary>
    public static Dictionary<string, double> Of(IReadOnlyCollection<(DateTimeOffset Started, DateTimeOffset Finished)> warm,
        IReadOnlyCollection<(DateTimeOffset Started, DateTimeOffset Finished)> cold) =>
        new() { [JobsPerSecond] = Rate(warm), [ColdJobsPerSecond] = Rate(cold) };

    private static double Rate(IReadOnlyCollection<(DateTimeOffset Started, DateTimeOffset Finished)> jobs)
    {
        if (jobs.Count < 2)
            return 0;
        var span = jobs.Max(job => job.Finished) - jobs.Min(job => job.Started);
        return span > TimeSpan.Zero ? Math.Round(jobs.Count / span.TotalSeconds, 1) : 0;
    }
}

/// <summary>
/// Processor time per job over the second half of the warm drain, in milliseconds: read once half the jobs have succeeded
/// and again when the drain ends, for the platform's (or the peer's) processes and for PostgreSQL and Redis. Unlike a
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
