using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.Jobs;

namespace Platform.IntegrationTests.RealTime;

/// <summary>
/// A host that sends every live tick (no thinning per job), so only a slow connection's own outbox holds ticks back,
/// lets a progress message be as large as the test's padded ticks, and waits on a connection that takes nothing for as
/// long as the test's job may run on a loaded machine rather than dropping it after 10 s.
/// </summary>
public sealed class EveryTickFixture() : PlatformFixture("every-tick",
    new Dictionary<string, string?>
    {
        ["Jobs:LiveProgressPerSecond"] = "0",
        ["Jobs:Reports:MaxMessageLength"] = "10000",
        ["Hubs:SendTimeout"] = "00:05:00",
    },
    services => services.AddJobHandler<ChattyJob>());

public sealed class SlowWatcherTests(EveryTickFixture fixture) : IClassFixture<EveryTickFixture>
{
    private const int Ticks = 3000;

    // Large enough that the ticks overflow every buffer between the host and the client many times over.
    private const int TickPadding = 8000;

    // A tick every few seconds: next to nothing, yet enough that the client does not take the host for gone, as it would
    // after 30 s without a message (its server timeout), and reconnect to catch up from storage instead.
    private const int WatcherReadsBytesPerSecond = 2 * 1024;

    [Fact]
    public async Task A_watcher_that_all_but_stops_reading_gets_the_newest_tick_and_every_stored_event_in_order_rather_than_a_backlog()
    {
        var apiKey = await fixture.Application.CreateApiKeyAsync();
        var client = fixture.Application.ClientWithKey(apiKey);
        await using var relay = TcpRelay.ToLoopback(fixture.Application.ClientOptions.BaseAddress);
        await using var watcher = await RecordingLiveConnection.StartAsync(new PlatformClient(relay.Address, PlatformCredentials.ApiKey(apiKey)));
        await watcher.Live.SubscribeMyJobsAsync();

        relay.SlowToClient(WatcherReadsBytesPerSecond);
        var job = await client.SubmitAsync(ChattyJob.Submit(lines: 20, ticks: Ticks, tickPadding: TickPadding));
        await Eventually.HoldsAsync(async () => (await client.GetJobAsync(job.Id)).Status == JobStatus.Succeeded,
            "the job has reported every tick and succeeded while its watcher read next to nothing", TimeSpan.FromSeconds(60));
        relay.Release();
        await watcher.JobEvents.WaitForAsync(e => e.JobId == job.Id && e.Kind == JobEventKind.Succeeded, TimeSpan.FromSeconds(60));

        var received = watcher.JobEvents.Items.Where(e => e.JobId == job.Id).ToList();
        var stored = await client.GetEventsAsync(job.Id);
        received.Where(e => !e.Transient).Select(e => e.Version).Should().Equal(stored.Select(e => e.Version),
            "stored events are never dropped or reordered");
        var ticks = received.Where(e => e.Transient).ToList();
        ticks.Count.Should().BeLessThan(Ticks / 2, "ticks the connection could not take were replaced by newer ones");
        ticks.Should().NotBeEmpty("the job ticked while its watcher's connection was open");
        ticks[^1].Message!.TrimEnd().Should().Be($"tick {Ticks}", "the newest tick is never lost");
        ticks.Select(t => t.Progress).Should().BeInAscendingOrder();
        received.Select(e => e.Version).Should().BeInAscendingOrder("no tick passes a stored event");
    }
}
