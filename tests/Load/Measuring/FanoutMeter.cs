using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Load.Measuring;

/// <summary>
/// Scores a fan-out: per client, which ticks arrived and how long each took from its send time. Ticks sent before the
/// meter was made belong to an earlier burst and are not scored.
/// </summary>
public sealed class FanoutMeter(int clients, int ticks)
{
    private readonly double _since = NowMs();
    private readonly Latencies _latencies = new();
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<double, byte>> _received = new();
    private long _messages;
    private double _firstSent = double.MaxValue;
    private double _lastReceived;

    public long Messages => Interlocked.Read(ref _messages);

    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    /// <summary>Any message a client received; only ticks are scored.</summary>
    public void Message() => Interlocked.Increment(ref _messages);

    public void Tick(int client, double tick, double sentAt)
    {
        if (sentAt < _since)
            return;
        var now = NowMs();
        if (_received.GetOrAdd(client, _ => new()).TryAdd(tick, 0))
            _latencies.Add(now - sentAt);
        Update(ref _firstSent, sentAt, (value, seen) => value < seen);
        Update(ref _lastReceived, now, (value, seen) => value > seen);
    }

    /// <summary>Waits until every client has every tick, or the patience runs out.</summary>
    public async Task WaitForAllAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (Lost() > 0 && clock.Elapsed < patience)
            await Task.Delay(100);
    }

    public int Lost() => Enumerable.Range(0, clients).Sum(c => ticks - (_received.TryGetValue(c, out var got) ? got.Count : 0));

    public Dictionary<string, double> Figures(int hosts)
    {
        var seconds = (_lastReceived - _firstSent) / 1000;
        return new Dictionary<string, double>
        {
            ["clients"] = clients,
            ["hosts"] = hosts,
            ["p50Ms"] = _latencies.Percentile(50),
            ["p99Ms"] = _latencies.Percentile(99),
            ["messagesPerSecond"] = seconds > 0 ? Math.Round(Messages / seconds, 1) : 0,
            ["lost"] = Lost(),
        };
    }

    private static void Update(ref double target, double value, Func<double, double, bool> better)
    {
        double seen;
        while (better(value, seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
