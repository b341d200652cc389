using Platform.IntegrationTests.Infrastructure;
using Platform.Load;
using Platform.Load.Measuring;
using Platform.Load.Scenarios;

namespace Platform.IntegrationTests.Load;

/// <summary>The load tool's live scenarios with tiny numbers, against real host processes on two hosts: nothing is lost. Figures are not judged.</summary>
[Collection(LoadToolCollection.Name)]
public sealed class LiveSmokeTests(LoadClusterFixture fixture)
{
    [Fact]
    public async Task Fanout_delivers_every_tick_to_every_client_of_every_contender_on_both_hosts()
    {
        // Below Jobs:LiveProgressPerSecond (20): a job's faster ticks are thinned to the latest by design.
        var burst = FanoutLoad.Of(clients: 16, ticksPerSecond: 10, seconds: 0.5);
        // The platform heard as a browser hears it (JSON) is the saturation test's contender: its hosts are not started twice.
        var contenders = FanoutScenario.Contenders("fanout").Where(contender => contender.Wire == HubWire.MessagePack).ToList();
        var results = await FanoutScenario.RunAsync(Run(new LoadOptions()), fixture.Cluster, contenders, burst);

        FanoutScenario.Contenders("fanout").Select(contender => contender.Name).Should().Equal("fanout", "fanout-json", "fanout-baseline", "fanout-baseline-events");
        results.Select(result => result.Name).Should().Equal("fanout", "fanout-baseline", "fanout-baseline-events");
        results.Should().OnlyContain(result => result.Figures["lost"] == 0 && result.Figures["hosts"] == 2 && result.Figures["offeredTicksPerSecond"] == 10);
        PeerRatios.Add(results)[0].Figures[PeerRatios.P99ToBareHub].Should().BeApproximately(
            results[0].Figures["p99Ms"] / results[2].Figures["p99Ms"], 0.01);
    }

    [Fact]
    public async Task Fanout_saturation_finds_a_rate_each_contender_sustains_and_the_platforms_ratio_to_the_bare_hub()
    {
        var options = new LoadOptions { Clients = 8, Rate = 250, Seconds = 1 };
        var results = await FanoutSaturationScenario.RunAsync(Run(options), fixture.Cluster,
            [new("fanout-saturation", FanoutSource.Platform, HubWire.Json), new("fanout-saturation-baseline-events", FanoutSource.BareEvents, HubWire.Json)]);

        var (platform, bare) = (PeerRatios.Add(results)[0], results[1]);

        bare.Figures["sustainedDeliveriesPerSecond"].Should().BeGreaterThanOrEqualTo(2000, "8 clients at 250 ticks a second are far from any limit");
        platform.Figures[PeerRatios.ToBareHub].Should().BeApproximately(
            platform.Figures["sustainedDeliveriesPerSecond"] / bare.Figures["sustainedDeliveriesPerSecond"], 0.01);
    }

    [Fact]
    public async Task Chat_delivers_every_stored_message_once_and_in_sequence_to_every_member_on_both_hosts_beside_the_bare_hub()
    {
        var options = new LoadOptions { Clients = 8, Rooms = 2, Rate = 5, Seconds = 3, Callers = 2 };
        var results = PeerRatios.Add(await ChatScenario.RunAsync(Run(options), fixture.Cluster));

        var (platform, bare) = (results[0], results[1]);
        results.Select(result => result.Name).Should().Equal("chat", "chat-baseline");
        results.Should().OnlyContain(result => result.Failure == null && result.Figures["lost"] == 0 && result.Figures["duplicates"] == 0
            && result.Figures["postsFailed"] == 0 && result.Figures["deliveriesPerSecond"] > 0);
        platform.Figures["outOfOrder"].Should().Be(0);
        platform.Figures["historyP99Ms"].Should().BePositive();
        platform.Figures[PeerRatios.P99ToBareHub].Should().BeApproximately(platform.Figures["p99Ms"] / bare.Figures["p99Ms"], 0.01);
    }

    private LoadRun Run(LoadOptions options) => new(options, fixture.Cluster);
}
