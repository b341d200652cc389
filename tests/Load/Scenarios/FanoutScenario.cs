using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C hub clients per contender, split over two hosts, hear ticks at a fixed offered rate: the platform's (a ticker job on
/// one host stamping each tick with its send time, its clients watching all their jobs) and two bare hubs' over the same
/// Redis, one sending two numbers a tick and one the very message the platform sends. Every contender's clients are
/// connected first; then each hears a burst in turn, <see cref="Turns"/> times, so a machine busy with other work slows
/// them alike. Latency is receive time minus send time; a tick a client never got is lost. <c>fanout</c> offers what the
/// bare hub carries here with p99 under 250 ms; <c>fanout-stress</c> more than two cores deliver, so every hub falls
/// behind and the figures measure queueing.
/// </summary>
public static class FanoutScenario
{
    public const int Turns = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The platform as the .NET client hears it (MessagePack) and as a browser does (JSON), and both bare hubs.</summary>
    public static IReadOnlyList<FanoutContender> Contenders(string name) =>
    [
        new(name, FanoutSource.Platform, HubWire.MessagePack),
        new($"{name}-json", FanoutSource.Platform, HubWire.Json),
        new($"{name}-baseline", FanoutSource.BareNumbers, HubWire.MessagePack),
        new($"{name}-baseline-events", FanoutSource.BareEvents, HubWire.MessagePack),
    ];

    /// <summary>The offered load of <c>fanout</c>: 2,000 clients, 4 ticks a second, 15 seconds in all, unless told otherwise.</summary>
    public static FanoutLoad Steady(LoadOptions options) => FanoutLoad.Of(options.Clients ?? 2000, options.Rate ?? 4, (options.Seconds ?? 15) / (double)Turns);

    /// <summary>The offered load of <c>fanout-stress</c>: 500 clients, 100 ticks a second, 3 seconds in all, unless told otherwise.</summary>
    public static FanoutLoad Stress(LoadOptions options) => FanoutLoad.Of(options.Clients ?? 500, options.Rate ?? 100, (options.Seconds ?? 3) / (double)Turns);

    /// <param name="burst">What each contender hears in each of its turns.</param>
    public static Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadRun run, LocalCluster? cluster, string name, FanoutLoad burst) =>
        RunAsync(run, cluster, Contenders(name), burst);

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(LoadRun run, LocalCluster? cluster, IReadOnlyList<FanoutContender> contenders, FanoutLoad burst)
    {
        var bursts = contenders.ToDictionary(contender => contender, _ => new List<FanoutMeter>());
        var status = "";
        await using (new ProgressLine(contenders[0].Name, () => status))
        await using (var hubs = await FanoutHubs.OpenAsync(run, cluster, contenders, burst.Clients, line => status = line))
        {
            for (var turn = 1; turn <= Turns; turn++)
                foreach (var (contender, hub) in hubs.Each)
                {
                    status = $"turn {turn}/{Turns}: {contender.Name}";
                    bursts[contender].Add(await hub.SendAsync(burst.Ticks, burst.IntervalMs, Patience));
                }
        }
        return [.. contenders.Select(contender =>
        {
            var figures = FanoutMeter.Figures(bursts[contender], hosts: 2);
            figures["offeredTicksPerSecond"] = burst.TicksPerSecond;
            figures["offeredDeliveriesPerSecond"] = burst.TicksPerSecond * burst.Clients;
            return new ScenarioResult(contender.Name, figures);
        })];
    }
}

/// <summary>An offered fan-out: <see cref="Ticks"/> ticks one every <see cref="IntervalMs"/> to each of <see cref="Clients"/> clients.</summary>
public sealed record FanoutLoad(int Clients, int IntervalMs, int Ticks)
{
    public double TicksPerSecond => Math.Round(1000.0 / IntervalMs, 2);

    public static FanoutLoad Of(int clients, double ticksPerSecond, double seconds)
    {
        var intervalMs = Math.Max(1, (int)Math.Round(1000 / ticksPerSecond));
        return new FanoutLoad(clients, intervalMs, Math.Max(1, (int)Math.Round(seconds * 1000 / intervalMs)));
    }
}
