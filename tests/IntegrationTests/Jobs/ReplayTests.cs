using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class ReplayTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Subscribing_after_a_job_finished_replays_its_whole_history()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Training,
            JsonSerializer.SerializeToElement(new { epochs = 25, samples = 100, features = 2, seed = 3 })));
        await using (var first = await JobWatcher.StartAsync(client, submitted.Id))
            await first.WaitForFinishAsync();
        var stored = await client.GetEventsAsync(submitted.Id);

        await using var late = await JobWatcher.StartAsync(client, submitted.Id);
        await late.WaitForFinishAsync();

        late.Received.Should().OnlyContain(e => !e.Transient, "a finished job has nothing live to add");
        late.Received.Select(e => (e.Version, e.Kind)).Should().Equal(stored.Select(e => (e.Version, e.Kind)));
        stored.Select(e => e.Version).Should().Equal(Enumerable.Range(1, stored.Count).Select(v => (long)v));
        stored.First().Kind.Should().Be(JobEventKind.Submitted);
        stored.Last().Kind.Should().Be(JobEventKind.Succeeded);
    }

    [Fact]
    public async Task Subscribing_from_a_version_replays_only_what_came_after_it()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Training,
            JsonSerializer.SerializeToElement(new { epochs = 10, samples = 50, features = 1, seed = 5 })));
        await using (var first = await JobWatcher.StartAsync(client, submitted.Id))
            await first.WaitForFinishAsync();
        var stored = await client.GetEventsAsync(submitted.Id);

        await using var resumed = await JobWatcher.StartAsync(client, submitted.Id, afterVersion: 2);
        await resumed.WaitForFinishAsync();

        resumed.Received.Select(e => e.Version).Should().Equal(stored.Where(e => e.Version > 2).Select(e => e.Version));
    }
}
