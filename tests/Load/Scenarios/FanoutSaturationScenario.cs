using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// The most deliveries a second each contender sustains with p99 under <see cref="P99LimitMs"/> and nothing lost: C
/// clients per contender hear bursts of ticks (at least 10 a step) at a rate doubled each step until a step fails, then
/// once more halfway (geometrically) between the last rate that held and the first that failed. All contenders are connected first and
/// take their steps in turns, so a machine busy with other work slows them alike; the figure is the last rate that held.
/// </summary>
public static class FanoutSaturationScenario
{
    public const double P99LimitMs = 250;

    // At slow rates a step of a few ticks would let one tick's spread over all clients set the p99.
    private const int MinTicksPerStep = 10;
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

    public static Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadRun run, LocalCluster? cluster) => RunAsync(run, cluster, Contenders);

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadRun run, LocalCluster? cluster, IReadOnlyList<FanoutContender> contenders)
    {
        var clients = run.Options.Clients ?? 1000;
        var seconds = run.Options.Seconds ?? 2;
        var searches = contenders.ToDictionary(contender => contender, _ => new Search(run.Options.Rate ?? 2));
        var status = "";
        await using (new ProgressLine("fanout-saturation", () => status))
        await using (var hubs = await FanoutHubs.OpenAsync(run, cluster, contenders, clients, line => status = line))
        {
            while (searches.Values.Any(search => search.NextRate is not null))
                foreach (var (contender, hub) in hubs.Each)
                {
                    if (searches[contender].NextRate is not { } rate)
                        continue;
                    var load = FanoutLoad.Of(clients, rate, Math.Max(seconds, MinTicksPerStep / rate));
                    status = $"{contender.Name}: {load.TicksPerSecond * clients:N0} deliveries/s";
                    var meter = await hub.SendAsync(load.Ticks, load.IntervalMs, Patience);
                    searches[contender].Record(new Step(load, FanoutMeter.Figures([meter], hosts: 2)));
                }
        }
        return [.. contenders.Select(contender => new ScenarioResult(contender.Name, searches[contender].Figures(clients)))];
    }

    private sealed record Step(FanoutLoad Load, IReadOnlyDictionary<string, double> Figures)
    {
        public bool Held => Figures["lost"] == 0 && Figures["p99Ms"] < P99LimitMs;

        public double DeliveriesPerSecond => Load.TicksPerSecond * Load.Clients;
    }

    // One contender's steps: doubling while they hold, then one between the last that held and the first that failed.
    private sealed class Search(double firstRate)
    {
        private readonly List<Step> _steps = [];
        private Step? _held;
        private Step? _failed;
        private bool _triedBetween;

        /// <summary>The rate of the next step, or null once the search is over.</summary>
        public double? NextRate
        {
            get
            {
                if (_steps.Count == 0)
                    return firstRate;
                if (_failed is not null)
                    return _held is not null && !_triedBetween ? Math.Sqrt(_held.Load.TicksPerSecond * _failed.Load.TicksPerSecond) : null;
                // A tick a millisecond is as fast as the tickers go: a contender that holds it has no higher step.
                return _steps.Count < MaxDoublings && _held!.Load.IntervalMs > 1 ? _held.Load.TicksPerSecond * 2 : null;
            }
        }

        public void Record(Step step)
        {
            _triedBetween |= _failed is not null;
            _steps.Add(step);
            if (step.Held && (_held is null || step.Load.TicksPerSecond > _held.Load.TicksPerSecond))
                _held = step;
            else if (!step.Held && (_failed is null || step.Load.TicksPerSecond < _failed.Load.TicksPerSecond))
                _failed = step;
        }

        public Dictionary<string, double> Figures(int clients) => new()
        {
            ["clients"] = clients,
            ["hosts"] = 2,
            ["steps"] = _steps.Count,
            ["sustainedDeliveriesPerSecond"] = _held?.DeliveriesPerSecond ?? 0,
            ["sustainedTicksPerSecond"] = _held?.Load.TicksPerSecond ?? 0,
            ["sustainedP99Ms"] = _held?.Figures["p99Ms"] ?? double.NaN,
            ["failedDeliveriesPerSecond"] = _failed?.DeliveriesPerSecond ?? double.NaN,
            ["failedP99Ms"] = _failed?.Figures["p99Ms"] ?? double.NaN,
            ["failedLost"] = _failed?.Figures["lost"] ?? double.NaN,
        };
    }
}
