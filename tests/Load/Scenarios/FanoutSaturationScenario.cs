using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// The most deliveries a second a hub sustains with p99 under <see cref="P99LimitMs"/> and nothing lost: C clients
/// hear bursts of ticks at a rate doubled each step until a step fails, then once more halfway (geometrically) between
/// the last rate that held and the first that failed. Each contender keeps its clients for all its steps; the figure is the last rate that held.
/// </summary>
public static class FanoutSaturationScenario
{
    public const double P99LimitMs = 250;
    private const int MaxDoublings = 7;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>The platform as a browser hears it (JSON), both bare hubs on JSON, and the platform on MessagePack.</summary>
    public static IReadOnlyList<FanoutContender> Contenders { get; } =
    [
        new("fanout-saturation", FanoutSource.Platform, HubWire.Json),
        new("fanout-saturation-baseline", FanoutSource.BareNumbers, HubWire.Json),
        new("fanout-saturation-baseline-events", FanoutSource.BareEvents, HubWire.Json),
        new("fanout-saturation-messagepack", FanoutSource.Platform, HubWire.MessagePack),
    ];

    public static async Task<ScenarioResult> RunAsync(LoadRun run, LocalCluster? cluster, FanoutContender contender)
    {
        var clients = run.Options.Clients ?? 1000;
        var seconds = run.Options.Seconds ?? 2;
        var rate = (double)(run.Options.Rate ?? 4);
        var opened = 0;
        var status = "connecting";
        await using (new ProgressLine(contender.Name, () => $"{opened}/{clients} connected, {status}"))
        await using (var hub = await FanoutHub.OpenAsync(run, cluster, contender, clients, n => opened = n))
        {
            async Task<Step> TryAsync(double ticksPerSecond)
            {
                var load = FanoutLoad.Of(clients, ticksPerSecond, seconds);
                status = $"{load.TicksPerSecond * clients:N0} deliveries/s";
                var meter = await hub.SendAsync(load.Ticks, load.IntervalMs, Patience);
                return new Step(load, meter.Figures(hosts: 2));
            }

            // A tick a millisecond is as fast as the tickers go: a contender that holds it has no higher step.
            var steps = new List<Step>();
            while (steps.Count < MaxDoublings && steps.LastOrDefault() is null or { Held: true, Load.IntervalMs: > 1 })
                steps.Add(await TryAsync(rate * Math.Pow(2, steps.Count)));
            var held = steps.LastOrDefault(step => step.Held);
            var failed = steps.FirstOrDefault(step => !step.Held);
            if (held is not null && failed is not null)
            {
                var between = await TryAsync(Math.Sqrt(held.Load.TicksPerSecond * failed.Load.TicksPerSecond));
                steps.Add(between);
                if (between.Held)
                    held = between;
                else
                    failed = between;
            }
            return new ScenarioResult(contender.Name, new Dictionary<string, double>
            {
                ["clients"] = clients,
                ["hosts"] = 2,
                ["steps"] = steps.Count,
                ["sustainedDeliveriesPerSecond"] = held?.DeliveriesPerSecond ?? 0,
                ["sustainedTicksPerSecond"] = held?.Load.TicksPerSecond ?? 0,
                ["sustainedP99Ms"] = held?.Figures["p99Ms"] ?? double.NaN,
                ["failedDeliveriesPerSecond"] = failed?.DeliveriesPerSecond ?? double.NaN,
                ["failedP99Ms"] = failed?.Figures["p99Ms"] ?? double.NaN,
                ["failedLost"] = failed?.Figures["lost"] ?? double.NaN,
            });
        }
    }

    private sealed record Step(FanoutLoad Load, IReadOnlyDictionary<string, double> Figures)
    {
        public bool Held => Figures["lost"] == 0 && Figures["p99Ms"] < P99LimitMs;

        public double DeliveriesPerSecond => Load.TicksPerSecond * Load.Clients;
    }
}
