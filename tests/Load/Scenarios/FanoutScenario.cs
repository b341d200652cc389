using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Load.Cluster;
using Platform.Load.Measuring;

namespace Platform.Load.Scenarios;

/// <summary>
/// C hub clients split over two hosts watch all their jobs; a ticker job runs on one host and stamps each
/// tick with its send time. Latency is receive time minus send time; a tick a client never got is lost.
/// </summary>
public static class FanoutScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var clientCount = run.Options.Clients ?? 500;
        const int ticks = 100;
        await using var deployment = await run.DeployAsync("fanout", HostRole.Worker, HostRole.AcceptOnly);

        var latencies = new Latencies();
        var received = new ConcurrentDictionary<int, ConcurrentDictionary<double, byte>>();
        var finished = new ConcurrentDictionary<int, byte>();
        long messages = 0;
        var firstSent = double.MaxValue;
        var lastReceived = 0.0;
        var opened = 0;

        void OnEvent(int client, JobEvent e)
        {
            var now = NowMs();
            Interlocked.Increment(ref messages);
            if (e.Status.IsFinished() && !e.Transient)
                finished.TryAdd(client, 0);
            if (e.Metrics is null || !e.Metrics.TryGetValue("tick", out var tick) || !e.Metrics.TryGetValue("sentAt", out var sentAt))
                return;
            if (received.GetOrAdd(client, _ => new()).TryAdd(tick, 0))
                latencies.Add(now - sentAt);
            InterlockedMin(ref firstSent, sentAt);
            InterlockedMax(ref lastReceived, now);
        }

        await using (new ProgressLine("fanout", () => $"{opened}/{clientCount} connected, {Interlocked.Read(ref messages)} messages"))
        {
            await using var clients = await HubClients.ConnectAsync(deployment.Urls, clientCount, OnEvent, n => opened = n);
            await clients.InvokeAllAsync(nameof(IJobsHub.SubscribeMyJobs));

            var submitter = LoadRun.Client(deployment.Urls[^1]);
            await submitter.SubmitAsync(LoadRun.Ticker(ticks, intervalMs: 10));
            var clock = Stopwatch.StartNew();
            while (finished.Count < clientCount && clock.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(100);
            await Task.Delay(500);
        }

        var lost = Enumerable.Range(0, clientCount).Sum(c => ticks - (received.TryGetValue(c, out var got) ? got.Count : 0));
        var seconds = (lastReceived - firstSent) / 1000;
        return new ScenarioResult("fanout", new Dictionary<string, double>
        {
            ["clients"] = clientCount,
            ["hosts"] = deployment.Urls.Count,
            ["p50Ms"] = latencies.Percentile(50),
            ["p99Ms"] = latencies.Percentile(99),
            ["messagesPerSecond"] = seconds > 0 ? Math.Round(Interlocked.Read(ref messages) / seconds, 1) : 0,
            ["lost"] = lost,
        });
    }

    private static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static void InterlockedMin(ref double target, double value)
    {
        double seen;
        while (value < (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static void InterlockedMax(ref double target, double value)
    {
        double seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
