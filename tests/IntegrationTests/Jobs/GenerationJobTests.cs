using System.Buffers.Binary;
using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class GenerationJobTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_generation_job_streams_progress_in_order_and_produces_a_png()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        await using var watcher = await JobWatcher.StartForMyJobsAsync(client);
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Generation,
            JsonSerializer.SerializeToElement(new { prompt = "a red fox in the snow", width = 96, height = 64, steps = 12, seed = 7 })));
        submitted.Status.Should().Be(JobStatus.Queued);

        var finished = await watcher.WaitForFinishAsync(submitted.Id);

        finished.Kind.Should().Be(JobEventKind.Succeeded);
        var stored = watcher.StoredFor(submitted.Id);
        stored.Select(e => e.Version).Should().Equal(Enumerable.Range(1, stored.Count).Select(v => (long)v), "stored events arrive once each, in version order");
        stored[0].Kind.Should().Be(JobEventKind.Submitted);
        stored.Should().Contain(e => e.Kind == JobEventKind.Started && e.Status == JobStatus.Running);
        var received = watcher.ReceivedFor(submitted.Id);
        received.Select(e => e.Version).Should().BeInAscendingOrder();
        var progress = received.Where(e => e.Kind == JobEventKind.Progressed).Select(e => e.Progress!.Value).ToList();
        progress.Should().NotBeEmpty("steps are pushed live, at most at the live rate").And.BeInAscendingOrder();
        progress.Last().Should().Be(100);
        (await client.GetEventsAsync(submitted.Id)).Select(e => (e.Version, e.Kind)).Should().Equal(stored.Select(e => (e.Version, e.Kind)),
            "live subscribers get exactly the stored history");

        var job = await client.GetJobAsync(submitted.Id);
        job.Status.Should().Be(JobStatus.Succeeded);
        job.Progress.Should().Be(100);
        job.Version.Should().Be(stored.Last().Version);
        job.Output!.Value.GetProperty("image").GetString().Should().Be("image.png");
        job.Artifacts.Should().ContainSingle(a => a.Name == "image.png" && a.ContentType == "image/png");

        var png = await client.DownloadArtifactAsync(job.Id, "image.png");
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).Should().Be(96, "IHDR width");
        BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)).Should().Be(64, "IHDR height");
        png.Length.Should().Be((int)job.Artifacts.Single().Size);
    }

    [Fact]
    public async Task The_job_list_shows_newest_first_with_a_total_and_filters_by_status()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var first = await client.SubmitAsync(GenerationRequest("first"));
        var second = await client.SubmitAsync(GenerationRequest("second"));
        await using (var watcher = await JobWatcher.StartAsync(client, second.Id))
            await watcher.WaitForFinishAsync();
        await using (var watcher = await JobWatcher.StartAsync(client, first.Id))
            await watcher.WaitForFinishAsync();

        var page = await client.ListJobsAsync(type: JobTypes.Generation, pageSize: 100);
        var ids = page.Items.Select(j => j.Id).ToList();
        ids.IndexOf(second.Id).Should().BeLessThan(ids.IndexOf(first.Id));
        page.Total.Should().BeGreaterThanOrEqualTo(2);

        var onePerPage = await client.ListJobsAsync(type: JobTypes.Generation, page: 2, pageSize: 1);
        onePerPage.Items.Should().ContainSingle();
        onePerPage.Total.Should().Be(page.Total);

        var succeeded = await client.ListJobsAsync(status: JobStatus.Succeeded, pageSize: 100);
        succeeded.Items.Should().OnlyContain(j => j.Status == JobStatus.Succeeded).And.Contain(j => j.Id == first.Id);
        var stats = await client.GetStatsAsync();
        stats.Succeeded.Should().BeGreaterThanOrEqualTo(2);
        stats.Total.Should().Be(stats.Queued + stats.Running + stats.Succeeded + stats.Failed + stats.Cancelled);
    }

    private static SubmitJobRequest GenerationRequest(string prompt) =>
        new(JobTypes.Generation, JsonSerializer.SerializeToElement(new { prompt, width = 32, height = 32, steps = 3 }));
}
