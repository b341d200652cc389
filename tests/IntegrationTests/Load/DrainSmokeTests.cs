using Platform.IntegrationTests.Infrastructure;
using Platform.Load;
using Platform.Load.Measuring;
using Platform.Load.Scenarios;

namespace Platform.IntegrationTests.Load;

/// <summary>
/// The load tool's queue scenarios with tiny numbers, against real host processes: every job finishes exactly once, and a
/// metered run pays for each once. Figures are not judged.
/// </summary>
[Collection(LoadToolCollection.Name)]
public sealed class DrainSmokeTests(LoadClusterFixture fixture)
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
        var peer = await WithThreadsForBlockingCallersAsync(() => HangfireDrainScenario.RunAsync(Run(options), fixture.Cluster));

        var withRatio = PeerRatios.Add([drained, peer]).Single(result => result.Name == "drain");

        drained.Figures["lost"].Should().Be(0);
        peer.Figures["lost"].Should().Be(0);
        peer.Figures["enqueueJobsPerSecond"].Should().BePositive();
        withRatio.Figures[PeerRatios.ToHangfire].Should().BeApproximately(drained.Figures["jobsPerSecond"] / peer.Figures["jobsPerSecond"], 0.01);
    }

    [Fact]
    public async Task Metered_runs_hold_and_charge_every_job_once_and_get_their_ratios_to_the_unmetered_ones()
    {
        var options = new LoadOptions { Jobs = 40, Callers = 4, Seconds = 1 };
        var results = new List<ScenarioResult>();
        foreach (var metering in new[] { Metering.Off, new Metering(isOn: true) })
        {
            results.Add(await DrainScenario.RunAsync(Run(options), 1, metering));
            results.Add(await EnqueueScenario.RunAsync(Run(options), metering));
        }

        var ratios = MeteringRatios.Add(results).ToDictionary(result => result.Name);

        results.Select(result => result.Name).Should().Equal("drain", "enqueue", "drain-metered", "enqueue-metered");
        results.Should().OnlyContain(result => result.Failure == null, "the ledger adds up and every job was held, charged and released once");
        results.Where(result => result.Name.StartsWith("drain")).Should().OnlyContain(result => result.Figures["lost"] == 0);
        ratios["drain-metering"].Figures["jobsPerSecondRatio"].Should().BeApproximately(
            ratios["drain-metered"].Figures["jobsPerSecond"] / ratios["drain"].Figures["jobsPerSecond"], 0.001);
        ratios["enqueue-metering"].Figures.Keys.Should().Contain(["jobsPerSecondRatio", "p50MsRatio", "p99MsRatio"]).And.NotContain("callersRatio");
    }

    private LoadRun Run(LoadOptions options) => new(options, fixture.Cluster);

    // The peer's callers each block a pool thread, and the pool adds about one a second: a few dozen jobs would wait for
    // it far longer than they take to enqueue. A run of the tool keeps that wait in its cold enqueue figure.
    private static async Task<T> WithThreadsForBlockingCallersAsync<T>(Func<Task<T>> run)
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(workers + HangfireDrainScenario.Callers, completions);
        try
        {
            return await run();
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completions);
        }
    }
}
