using System.Diagnostics;

namespace Platform.Jobs.Benchmarks;

/// <summary>
/// Runs a step at fixed times, one every interval from the start, so the offered rate holds however long each step takes.
/// The first comes one interval in, so whatever announced the start (a job's Started event) is out of the way.
/// </summary>
public static class FixedRate
{
    /// <summary>Calls <paramref name="step"/> with 1 … <paramref name="count"/>, step n at n × <paramref name="intervalMs"/> from now.</summary>
    public static async Task RunAsync(int count, int intervalMs, Func<int, ValueTask> step, CancellationToken ct = default)
    {
        var start = Stopwatch.GetTimestamp();
        for (var n = 1; n <= count; n++)
        {
            var wait = TimeSpan.FromMilliseconds((double)intervalMs * n) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            await step(n);
        }
    }
}
