using System.Diagnostics;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>Waits for something a test cannot be told about, by asking again until a deadline; never gives up silently.</summary>
public static class Eventually
{
    /// <summary>Asks <paramref name="condition"/> every <paramref name="interval"/> (200 ms) until it holds; throws, naming <paramref name="what"/>, after <paramref name="within"/> (30 s).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, TimeSpan? interval = null)
    {
        var deadline = within ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"Waited {deadline.TotalSeconds:0.#} s in vain until {what}.");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }
    }
}
