namespace Platform.Load.Measuring;

/// <summary>Collects durations from many threads and reports percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_milliseconds)
                return _milliseconds.Count;
        }
    }

    public void Add(double milliseconds)
    {
        lock (_milliseconds)
            _milliseconds.Add(milliseconds);
    }

    public void Add(TimeSpan elapsed) => Add(elapsed.TotalMilliseconds);

    /// <summary>Takes every sample of <paramref name="other"/> as well.</summary>
    public void Add(Latencies other)
    {
        double[] samples;
        lock (other._milliseconds)
            samples = [.. other._milliseconds];
        lock (_milliseconds)
            _milliseconds.AddRange(samples);
    }

    /// <summary>The value below which <paramref name="percent"/>% of the samples lie (nearest rank).</summary>
    public double Percentile(double percent)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
                return double.NaN;
            var sorted = _milliseconds.Order().ToList();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Count) - 1;
            return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], 2);
        }
    }
}
