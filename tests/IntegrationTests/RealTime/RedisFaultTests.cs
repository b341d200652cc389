using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;

namespace Platform.IntegrationTests.RealTime;

/// <summary>One host cut off from Redis while the others still reach it.</summary>
public sealed class RedisFaultTests
{
    [Fact]
    public async Task What_a_worker_stores_while_cut_off_from_Redis_reaches_watchers_on_other_hosts_once_it_is_back()
    {
        await using var relay = TcpRelay.ToRedis((await TestServers.Instance()).RedisConnectionString);
        await using var front = await PlatformApplication.StartAsync("redis-fault", new Dictionary<string, string?> { ["Jobs:RunWorkers"] = "false" });
        await using var worker = front.StartSibling(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = relay.RedisConnectionString });
        var client = await front.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(CancelJobTests.LongGeneration(steps: 30));
        await using var watcher = await JobWatcher.StartAsync(client, job.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed && !e.Transient);

        relay.Cut();
        try
        {
            await Eventually.HoldsAsync(async () => (await client.GetJobAsync(job.Id)).Status.IsFinished(), "the job ends on the worker",
                TimeSpan.FromSeconds(90));
            watcher.Stored.Should().NotContain(e => e.Status.IsFinished(), "the worker could not tell the front host while cut off");
        }
        finally
        {
            relay.Restore();
        }

        (await watcher.WaitForFinishAsync(TimeSpan.FromSeconds(60))).Kind.Should().Be(JobEventKind.Succeeded);
        var history = await client.GetEventsAsync(job.Id);
        watcher.Stored.Select(e => e.Version).Should().Equal(history.Select(e => e.Version), "every stored event arrives once, in order");
    }
}
