using System.Text.Json;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;
using Platform.Jobs.Running;

namespace Platform.IntegrationTests.Admin;

/// <summary>
/// The overview admins watch over the hub: hosts, the queue by type and jobs ended per second, pushed without being
/// asked (that users are refused it is the isolation test's, which walks every hub method).
/// </summary>
public sealed class OverviewTests : IAsyncLifetime
{
    private PlatformApplication _application = null!;

    public async Task InitializeAsync() => _application = await PlatformApplication.StartAsync("overview", new Dictionary<string, string?>
    {
        ["Hosts:BeatInterval"] = "00:00:00.300",
        ["Hosts:GoneAfter"] = "00:00:02",
        ["Overview:Interval"] = "00:00:00.300",
        ["Jobs:BenchmarkTypes"] = "true",
    });

    public async Task DisposeAsync() => await _application.DisposeAsync();

    [Fact]
    public async Task An_admin_watching_the_overview_is_pushed_the_hosts_the_queue_and_the_jobs_that_succeed_and_fail()
    {
        var admin = await _application.CreateUserAsync(); // the first user of the deployment
        var user = await _application.CreateUserAsync();
        await using var live = await RecordingLiveConnection.StartAsync(_application.ClientFor(admin));

        var now = await live.Live.WatchOverviewAsync();
        now.Hosts.Should().ContainSingle(h => h.Name == JobRunner.HostName).Which.State.Should().Be(HostState.Up);

        await user.Client.SubmitAsync(Flaky(failAttempts: 0) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        var succeeding = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.Client.SubmitAsync(Flaky(failAttempts: 0))));
        var failing = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => user.Client.SubmitAsync(Flaky(failAttempts: 5))));

        await live.Overviews.WaitForAsync(o => o.Throughput.Any(p => p.SucceededPerSecond > 0), TimeSpan.FromSeconds(30));
        await live.Overviews.WaitForAsync(o => o.Throughput.Any(p => p.FailedPerSecond > 0), TimeSpan.FromSeconds(30));
        var latest = await live.Overviews.WaitForAsync(o => o.Hosts.Any(h => h.JobsSucceeded >= succeeding.Length && h.JobsFailed >= failing.Length),
            TimeSpan.FromSeconds(30));
        latest.Queue.Should().ContainSingle(q => q.Type == "flaky").Which.Should().BeEquivalentTo(new QueueDepth("flaky", 0, 1, 0),
            "only the job due in an hour is left, waiting");
        latest.Throughput.Should().ContainSingle("a push carries the newest point; the history comes with WatchOverview");

        var again = await live.Live.WatchOverviewAsync();
        again.Throughput.Should().Contain(p => p.SucceededPerSecond > 0).And.Contain(p => p.FailedPerSecond > 0)
            .And.BeInAscendingOrder(p => p.At);
    }

    private static SubmitJobRequest Flaky(int failAttempts) =>
        new("flaky", JsonSerializer.SerializeToElement(new { failAttempts }), MaxAttempts: 1);
}
