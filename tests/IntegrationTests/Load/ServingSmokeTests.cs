using Platform.IntegrationTests.Infrastructure;
using Platform.Load;
using Platform.Load.Measuring;
using Platform.Load.Scenarios;

namespace Platform.IntegrationTests.Load;

/// <summary>The load tool's read and file scenarios with tiny numbers, against real host processes beside their bare peers. Figures are not judged.</summary>
[Collection(LoadToolCollection.Name)]
public sealed class ServingSmokeTests(LoadClusterFixture fixture)
{
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
