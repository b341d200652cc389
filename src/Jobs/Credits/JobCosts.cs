using Platform.Contracts.Credits;

namespace Platform.Jobs.Credits;

/// <summary>The one rule for what a job costs: what is held when it is queued, and what a run that really ran is charged.</summary>
public static class JobCosts
{
    /// <summary>The highest price per run or per second a type may have, so the most a job can cost still fits a long.</summary>
    public const long MostPrice = 1_000_000_000;

    /// <summary>The most a job can cost: every attempt it may make running for its whole timeout.</summary>
    public static long MostFor(JobPrice? price, TimeSpan? timeout, int attempts) =>
        price is null ? 0 : checked(OfRun(price, timeout ?? TimeSpan.Zero) * Math.Max(attempts, 1));

    /// <summary>What one attempt that ran for <paramref name="ran"/> costs: its run, and each second rounded up to the millisecond.</summary>
    public static long OfRun(JobPrice price, TimeSpan ran)
    {
        var milliseconds = (long)Math.Ceiling(Math.Max(ran.TotalMilliseconds, 0));
        return checked(price.PerRun + (price.PerSecond * milliseconds + 999) / 1000);
    }

    /// <summary>A price that charges nothing is no price: such a job is free and touches no balance.</summary>
    public static JobPrice? Effective(JobPrice? price) => price is { PerRun: > 0 } or { PerSecond: > 0 } ? price : null;
}
