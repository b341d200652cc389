using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.TestCluster;
using static Platform.IntegrationTests.Cluster.HostFailureTests;

namespace Platform.IntegrationTests.Cluster;

/// <summary>
/// Host processes whose Redis stops and starts again. A Redis of its own: every host of a Redis loses it, so hosts
/// shared with other tests would start their tests while still reconnecting.
/// </summary>
[Collection(HostProcessesCollection.Name)]
public sealed class RedisOutageTests : IAsyncLifetime
{
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(new Dictionary<string, string>(), forTests: true);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Jobs_keep_running_while_Redis_is_down_and_watchers_catch_up_when_it_returns()
    {
        await using var deployment = await _cluster.DeployAsync("redis-outage", HostRole.AcceptOnly, HostRole.Worker);
        await deployment.SignInAsync();
        var client = deployment.Client(deployment.Urls[0]);
        var first = await client.SubmitAsync(SlowJob(ticks: 4));
        await using var watcher = await JobWatcher.StartAsync(client, first.Id);
        await watcher.WaitForFinishAsync();
        // Long enough to outlast Redis's stop; the outage lasts until it ends, and the hosts' reconnect waits grow with it.
        var during = await client.SubmitAsync(SlowJob(ticks: 40));
        await using var outageWatcher = await JobWatcher.StartAsync(client, during.Id);
        await outageWatcher.WaitForAsync(e => e.Kind == JobEventKind.Started);

        await _cluster.StopRedisAsync();
        try
        {
            var submittedDuringOutage = await client.SubmitAsync(SlowJob(ticks: 4));
            (await PollUntilFinishedAsync(client, submittedDuringOutage.Id)).Status.Should().Be(JobStatus.Succeeded, "polling works without Redis");
            (await PollUntilFinishedAsync(client, during.Id)).Status.Should().Be(JobStatus.Succeeded);
            outageWatcher.Stored.Should().NotContain(e => e.Kind == JobEventKind.Succeeded, "the end happened on another host while Redis was down");
        }
        finally
        {
            await _cluster.StartRedisAsync();
        }

        (await outageWatcher.WaitForFinishAsync(TimeSpan.FromSeconds(60))).Kind.Should().Be(JobEventKind.Succeeded,
            "the watcher's host reads what it missed once Redis is back");
        var history = await client.GetEventsAsync(during.Id);
        outageWatcher.Stored.Select(e => e.Version).Should().Equal(history.Select(e => e.Version), "every stored event arrives once, in order");
        var after = await client.SubmitAsync(SlowJob(ticks: 4));
        await using var afterWatcher = await StartWatcherOnceHubsRecoverAsync(client, after.Id);
        (await afterWatcher.WaitForFinishAsync(TimeSpan.FromSeconds(60))).Kind.Should().Be(JobEventKind.Succeeded);
    }

    // The hub's backplane reconnects on its own schedule; until it has, a new connection is refused and clients retry, as this does.
    private static async Task<JobWatcher> StartWatcherOnceHubsRecoverAsync(PlatformClient client, Guid jobId)
    {
        var started = await Eventually.ReadAsync<(JobWatcher? Watcher, string? Refusal)>(async () =>
        {
            try
            {
                return (await JobWatcher.StartAsync(client, jobId), null);
            }
            catch (Exception e)
            {
                return (null, e.Message);
            }
        }, attempt => attempt.Watcher is not null, $"a watcher of job {jobId} connects", interval: TimeSpan.FromMilliseconds(250));
        return started.Watcher!;
    }

    private static Task<Job> PollUntilFinishedAsync(PlatformClient client, Guid jobId) =>
        Eventually.ReadAsync(() => client.GetJobAsync(jobId), job => job.Status.IsFinished(), $"job {jobId} ends", TimeSpan.FromSeconds(60));
}
