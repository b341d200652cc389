namespace Platform.Jobs;

public static class Backoff
{
    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first): doubling from <paramref name="first"/> up to <paramref name="longest"/>, with ±20% jitter so failures do not return together.</summary>
    public static TimeSpan For(int retry, TimeSpan first, TimeSpan longest)
    {
        var exponential = first.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        var capped = Math.Min(exponential, longest.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
