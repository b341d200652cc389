using System.Diagnostics;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>Waits for something a test cannot be told about, by asking again until a deadline; never gives up silently.</summary>
public static class Eventually
{
    /// <summary>Asks <paramref name="condition"/> every <paramref name="interval"/> (200 ms) until it holds; throws, naming <paramref name="what"/>, after <paramref name="within"/> (30 s).</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, TimeSpan? interval = null) =>
        ReadAsync(condition, held => held, what, within, interval);

    /// <summary>
    /// Reads with <paramref name="read"/> every <paramref name="interval"/> (200 ms) until <paramref name="done"/> holds for what
    /// it read, and returns that; throws, naming <paramref name="what"/> and showing the last reading, after <paramref name="within"/> (30 s).
    /// </summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null, TimeSpan? interval = null)
    {
        var deadline = within ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reading = await read();
            if (done(reading))
                return reading;
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"Waited {deadline.TotalSeconds:0.#} s in vain until {what}; the last reading: {reading}");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
