using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

/// <summary>Live progress is thinned out per job before it reaches watchers; stored events never are.</summary>
public sealed class LiveProgressTests(ChattyJobFixture fixture) : IClassFixture<ChattyJobFixture>
{
    private const int Ticks = 500;

    [Fact]
    public async Task Progress_reported_as_fast_as_it_can_reaches_a_watcher_thinned_out_in_order_and_ending_with_the_last_tick()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);

        var job = await client.SubmitAsync(ChattyJob.Submit(ticks: Ticks));
        await watcher.WaitForFinishAsync(job.Id);

        var received = watcher.ReceivedFor(job.Id);
        var progress = received.Where(e => e.Kind == JobEventKind.Progressed).ToList();
        progress.Count.Should().BeLessThan(Ticks / 2, "ticks faster than the live rate are coalesced, the newest winning");
        progress[^1].Message.Should().Be($"tick {Ticks}", "the last tick is never lost");
        received.Select(e => e.Version).Should().BeInAscendingOrder("watchers see versions in order");
        received[^1].Kind.Should().Be(JobEventKind.Succeeded);
        var stored = await client.GetEventsAsync(job.Id);
        watcher.StoredFor(job.Id).Select(e => e.Version).Should().Equal(stored.Select(e => e.Version), "no stored event is held back or dropped");
        stored.Last(e => e.Kind == JobEventKind.Progressed).Message.Should().Be($"tick {Ticks}");
    }
}
