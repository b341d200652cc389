using System.Diagnostics;

namespace Platform.Load.Measuring;

public static class Callers
{
    /// <summary>
    /// <paramref name="count"/> concurrent callers each repeat <paramref name="call"/> (given the caller and its
    /// round) until <paramref name="duration"/> has passed or <paramref name="limit"/> calls were made; every call's
    /// time goes into <paramref name="latencies"/>.
    /// </summary>
    public static Task RunAsync(int count, TimeSpan duration, Latencies latencies, Func<int, int, Task> call, int limit = int.MaxValue)
    {
        var clock = Stopwatch.StartNew();
        var made = 0;
        return Task.WhenAll(Enumerable.Range(0, count).Select(async caller =>
        {
            for (var round = 0; clock.Elapsed < duration && Interlocked.Increment(ref made) <= limit; round++)
            {
                var started = Stopwatch.GetTimestamp();
                await call(caller, round);
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }
        }));
    }
}
