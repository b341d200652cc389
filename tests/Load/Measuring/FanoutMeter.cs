using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Load.Measuring;

/// <summary>
/// Scores a fan-out: per client, which ticks arrived and how long each took from its send time. Ticks sent before the
/// meter was made belong to an earlier burst and are not scored.
/// </summary>
public sealed class FanoutMeter(int clients, int ticks)
{
    private readonly int _clients = clients;
    private readonly int _ticks = ticks;
    private readonly double _since = NowMs();
    private readonly Latencies _latencies = new();
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<double, byte>> _received = new();
    private long _messages;
    private double _firstSent = double.MaxValue;
    private double _lastReceived;

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Processor time the hub's hosts and this tool used while the burst was sent and heard.</summary>
    public (TimeSpan Hosts, TimeSpan Tool) ProcessorTime { get; set; }

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

    /// <summary>
    /// Waits until every client has the last tick, or the patience runs out. Ticks of a client arrive in order, and a
    /// tick replaced by a newer one before a slow client took it never arrives, so by then the rest are in or lost.
    /// </summary>
    public async Task WaitForLastTickAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (Enumerable.Range(0, _clients).Any(c => !_received.TryGetValue(c, out var got) || !got.ContainsKey(_ticks)) && clock.Elapsed < patience)
            await Task.Delay(100);
    }

    public int Lost() => Enumerable.Range(0, _clients).Sum(c => _ticks - (_received.TryGetValue(c, out var got) ? got.Count : 0));

    /// <summary>The figures of one or more bursts heard by the same clients, as if they were one.</summary>
    public static Dictionary<string, double> Figures(IReadOnlyList<FanoutMeter> bursts, int hosts)
    {
        var latencies = new Latencies();
        foreach (var burst in bursts)
            latencies.Add(burst._latencies);
        var seconds = bursts.Sum(burst => Math.Max(0, burst._lastReceived - burst._firstSent) / 1000);
        return new Dictionary<string, double>
        {
            ["clients"] = bursts[0]._clients,
            ["hosts"] = hosts,
            ["p50Ms"] = latencies.Percentile(50),
            ["p99Ms"] = latencies.Percentile(99),
            ["messagesPerSecond"] = seconds > 0 ? Math.Round(bursts.Sum(burst => burst.Messages) / seconds, 1) : 0,
            ["lost"] = bursts.Sum(burst => burst.Lost()),
            ["hostCpuMsPerThousandDeliveries"] = CpuPerThousand(bursts, burst => burst.ProcessorTime.Hosts),
            ["toolCpuMsPerThousandDeliveries"] = CpuPerThousand(bursts, burst => burst.ProcessorTime.Tool),
        };
    }

    // Processor time is what a shared machine measures fairly: it is spent whatever else runs beside.
    private static double CpuPerThousand(IReadOnlyList<FanoutMeter> bursts, Func<FanoutMeter, TimeSpan> cpu) =>
        Math.Round(bursts.Sum(burst => cpu(burst).TotalMilliseconds) / bursts.Sum(burst => burst._clients * (double)burst._ticks / 1000), 2);

    private static void Update(ref double target, double value, Func<double, double, bool> better)
    {
        double seen;
        while (better(value, seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
