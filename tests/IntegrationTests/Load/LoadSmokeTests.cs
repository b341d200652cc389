using Platform.Load;
using Platform.Load.Measuring;
using Platform.Load.Scenarios;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Load;

/// <summary>One cluster of PostgreSQL and Redis for the whole class: every scenario deploys to a database of its own.</summary>
public sealed class LoadClusterFixture : IAsyncLifetime
{
    private LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}

/// <summary>
/// The load tool with tiny numbers, against real host processes: figures are not judged here, only that
/// nothing is lost and every job finishes.
/// </summary>
public sealed class LoadSmokeTests(LoadClusterFixture fixture) : IClassFixture<LoadClusterFixture>
{
    // One host's drain is run beside the Hangfire peer below.
    [Fact]
    public async Task Draining_queued_jobs_over_two_hosts_finishes_every_one_exactly_once()
    {
        var result = await DrainScenario.RunAsync(Run(new LoadOptions { Jobs = 60, Callers = 4 }), hosts: 2);

        result.Figures["lost"].Should().Be(0);
        result.Figures["jobsPerSecond"].Should().BePositive();
    }

    [Fact]
    public async Task Fanout_delivers_every_tick_to_every_client_of_every_contender_on_both_hosts()
    {
        var burst = FanoutLoad.Of(clients: 16, ticksPerSecond: 20, seconds: 0.5);
        var results = await FanoutScenario.RunAsync(Run(new LoadOptions()), fixture.Cluster, "fanout", burst);

        results.Select(result => result.Name).Should().Equal("fanout", "fanout-json", "fanout-baseline", "fanout-baseline-events");
        results.Should().OnlyContain(result => result.Figures["lost"] == 0 && result.Figures["hosts"] == 2 && result.Figures["offeredTicksPerSecond"] == 20);
        PeerRatios.Add(results)[0].Figures[PeerRatios.P99ToBareHub].Should().BeApproximately(
            results[0].Figures["p99Ms"] / results[3].Figures["p99Ms"], 0.01);
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

    [Fact]
    public async Task Pickup_measures_every_job_it_submits()
    {
        var result = await PickupScenario.RunAsync(Run(new LoadOptions { Jobs = 3 }));

        result.Figures["p99Ms"].Should().BePositive();
        result.Figures["sameHostP99Ms"].Should().BePositive();
    }

    [Fact]
    public async Task Remote_workers_drain_every_job_exactly_once_and_pickup_is_measured()
    {
        var drained = await RemoteDrainScenario.RunAsync(Run(new LoadOptions { Jobs = 40, Callers = 4, Clients = 3 }));
        var pickup = await RemotePickupScenario.RunAsync(Run(new LoadOptions { Jobs = 3 }));

        drained.Figures["lost"].Should().Be(0);
        drained.Figures["jobsPerSecond"].Should().BePositive();
        pickup.Figures["p99Ms"].Should().BePositive();
    }

    [Fact]
    public async Task The_hangfire_peer_drains_every_job_once_and_the_platforms_drain_gets_its_ratio()
    {
        var options = new LoadOptions { Jobs = 60, Callers = 4 };
        var drained = await DrainScenario.RunAsync(Run(options), 1);
        var peer = await HangfireDrainScenario.RunAsync(Run(options), fixture.Cluster);

        var withRatio = PeerRatios.Add([drained, peer]).Single(result => result.Name == "drain");

        drained.Figures["lost"].Should().Be(0);
        peer.Figures["lost"].Should().Be(0);
        peer.Figures["enqueueJobsPerSecond"].Should().BePositive();
        withRatio.Figures[PeerRatios.ToHangfire].Should().BeApproximately(drained.Figures["jobsPerSecond"] / peer.Figures["jobsPerSecond"], 0.01);
    }

    [Fact]
    public async Task Reads_are_measured_beside_the_bare_endpoint_that_answers_the_same_stored_job()
    {
        var result = await ReadsScenario.RunAsync(Run(new LoadOptions { Callers = 2, Seconds = 1 }));

        result.Figures["requestsPerSecond"].Should().BePositive();
        result.Figures["baselineRequestsPerSecond"].Should().BePositive("the bare host found each job by id and owner");
        result.Figures["ratioToBaseline"].Should().BePositive();
        result.Figures["listRequestsPerSecond"].Should().BePositive();
    }

    [Fact]
    public async Task Files_come_back_as_uploaded_from_the_platform_the_bare_server_and_the_disk_with_ratios_per_size_and_direction()
    {
        var options = new LoadOptions { Clients = 2, Sizes = [4096, 1 << 20], Seconds = 1 };
        var results = PeerRatios.Add(await FilesScenario.RunAsync(Run(options)));

        var (platform, bare) = (results[0], results[1]);
        results.Select(result => result.Name).Should().Equal("files", "files-baseline", "files-disk");
        results.Should().OnlyContain(result => result.Figures["upload4KiBMBps"] > 0 && result.Figures["download1MiBMBps"] > 0);
        platform.Figures["download1MiBRatioToBare"].Should().BeApproximately(platform.Figures["download1MiBMBps"] / bare.Figures["download1MiBMBps"], 0.01);
        platform.Figures["upload4KiBCpuRatioToBare"].Should().BePositive();
    }

    private LoadRun Run(LoadOptions options) => new(options, fixture.Cluster);
}
