using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class CancelJobTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Cancel_stops_a_running_job_within_seconds_and_tells_subscribers()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(LongGeneration());
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed);

        var clock = Stopwatch.StartNew();
        var cancelling = await client.CancelAsync(submitted.Id);
        cancelling.Status.Should().BeOneOf(JobStatus.Cancelling, JobStatus.Cancelled);
        var finished = await watcher.WaitForFinishAsync();
        clock.Stop();

        finished.Kind.Should().Be(JobEventKind.Cancelled);
        // A margin a busy 2-core machine keeps; the job's 200 steps would take far longer, and the progress check below proves it stopped early.
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the handler checks its token at every step");
        var job = await client.GetJobAsync(submitted.Id);
        job.Status.Should().Be(JobStatus.Cancelled);
        job.Progress.Should().BeLessThan(100);
        // The runner stores Cancelled only once the handler has given up its work and returned, so nothing runs on.
        watcher.Stored.Should().Contain(e => e.Kind == JobEventKind.CancelRequested);
    }

    [Fact]
    public async Task Cancelling_a_finished_job_is_a_conflict_and_changes_nothing()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Generation,
            JsonSerializer.SerializeToElement(new { prompt = "tiny", width = 16, height = 16, steps = 1 })));
        await using (var watcher = await JobWatcher.StartAsync(client, submitted.Id))
            await watcher.WaitForFinishAsync();

        var cancel = () => client.CancelAsync(submitted.Id);
        (await cancel.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Conflict);
        (await client.GetJobAsync(submitted.Id)).Status.Should().Be(JobStatus.Succeeded);
    }

    /// <summary>A job that works for seconds, one step every few tens of milliseconds.</summary>
    internal static SubmitJobRequest LongGeneration(int steps = 200) => new(JobTypes.Generation,
        JsonSerializer.SerializeToElement(new { prompt = "a very detailed cathedral", width = 1024, height = 1024, steps }));
}
