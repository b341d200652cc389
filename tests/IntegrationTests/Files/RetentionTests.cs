using System.Net;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Storage.Files;
using Platform.Storage.Objects;

namespace Platform.IntegrationTests.Files;

public sealed class ShortRetentionFixture() : PlatformFixture("retention", new Dictionary<string, string?>
{
    ["Jobs:ArtifactRetention"] = "00:00:01",
    ["Files:Retention"] = "00:00:01",
    // Passes are run by the tests, not by the clock.
    ["Jobs:RetentionInterval"] = "01:00:00",
    ["Storage:OrphanGrace"] = "00:00:01",
    ["Storage:OrphanSweepInterval"] = "01:00:00",
});

public sealed class RetentionTests(ShortRetentionFixture platform) : IClassFixture<ShortRetentionFixture>
{
    private static readonly TimeSpan PastRetention = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task A_finished_jobs_artifacts_are_removed_after_their_retention_and_its_history_says_so()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(CancelJobTests.LongGeneration(steps: 1));
        var finished = await client.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(30));
        finished.Artifacts.Should().NotBeEmpty();
        var name = finished.Artifacts[0].Name;
        await Task.Delay(PastRetention);

        await platform.Application.Service<ExpiredArtifacts>().DeleteDueAsync(CancellationToken.None);

        (await client.GetJobAsync(job.Id)).Artifacts.Should().BeEmpty();
        var missing = await Record.ExceptionAsync(() => client.DownloadArtifactAsync(job.Id, name));
        missing.Should().BeOfType<Platform.Client.PlatformApiException>().Which.Status.Should().Be(HttpStatusCode.NotFound);
        (await client.GetEventsAsync(job.Id)).Should().ContainSingle(e => e.Kind == JobEventKind.ArtifactsExpired);
        (await platform.Application.Service<IObjectStore>().ListAsync($"artifacts/{job.Id:N}/", CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_old_file_is_removed_unless_an_unfinished_job_names_it()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var old = await client.UploadFileAsync(new MemoryStream("1,2\n"u8.ToArray()), "old.csv", "text/csv");
        var needed = await client.UploadFileAsync(new MemoryStream("1,2\n2,4\n"u8.ToArray()), "needed.csv", "text/csv");
        await client.SubmitAsync(FileUploadTests.TrainingOn(needed.Id) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        await Task.Delay(PastRetention);

        await platform.Application.Service<ExpiredFiles>().DeleteDueAsync(CancellationToken.None);

        var gone = await Record.ExceptionAsync(() => client.GetFileAsync(old.Id));
        gone.Should().BeOfType<Platform.Client.PlatformApiException>().Which.Status.Should().Be(HttpStatusCode.NotFound);
        (await platform.Application.Service<IObjectStore>().OpenAsync(UserFiles.KeyOf(old.Id), CancellationToken.None)).Should().BeNull();
        (await client.DownloadFileAsync(needed.Id)).Should().Equal("1,2\n2,4\n"u8.ToArray(), "a queued job still names it");
    }

    [Fact]
    public async Task Objects_nothing_names_are_swept_past_their_grace_and_named_ones_and_unfinished_jobs_artifacts_stay()
    {
        var app = platform.Application;
        var objects = app.Service<IObjectStore>();
        var user = await app.CreateUserAsync();
        var finished = await user.Client.WaitForCompletionAsync((await user.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 1))).Id, TimeSpan.FromSeconds(30));
        var waiting = await user.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 1) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        await user.Client.UploadFileAsync(new MemoryStream("1,2\n"u8.ToArray()), "kept.csv", "text/csv");
        var uploads = app.Service<ResumableUploads>();
        var open = (await uploads.OpenAsync(user.Id, "parts.bin", null, 100, CancellationToken.None)).Value;
        await uploads.AppendAsync(open, offset: 0, announced: null, new MemoryStream(new byte[10]), CancellationToken.None);
        var orphans = new[]
        {
            UserFiles.KeyOf(Guid.NewGuid()),
            ResumableUploads.PrefixOf(Guid.NewGuid()) + "00000000000000000000-lost",
            $"{ArtifactStore.Prefix}{Guid.NewGuid():N}/lost.png",
            $"{ArtifactStore.Prefix}{finished.Id:N}/unlisted.bin",
        };
        foreach (var key in orphans.Append($"{ArtifactStore.Prefix}{waiting.Id:N}/not-yet-listed.bin"))
            await objects.PutAsync(key, new MemoryStream("x"u8.ToArray()), "application/octet-stream", CancellationToken.None);
        var named = (await KeysAsync(objects)).Except(orphans).ToList();
        named.Should().Contain(key => key.StartsWith(ResumableUploads.PrefixOf(open.Id), StringComparison.Ordinal))
            .And.Contain(key => key.StartsWith($"{ArtifactStore.Prefix}{finished.Id:N}/", StringComparison.Ordinal)
                && key.EndsWith(finished.Artifacts[0].Name, StringComparison.Ordinal));
        await Task.Delay(PastRetention);

        var swept = await app.Service<OrphanObjects>().DeleteDueAsync(CancellationToken.None);

        swept.Should().BeGreaterThanOrEqualTo(orphans.Length);
        var left = await KeysAsync(objects);
        left.Should().NotContain(orphans).And.Contain(named);
        (await user.Client.DownloadArtifactAsync(finished.Id, finished.Artifacts[0].Name)).Should().NotBeEmpty();
    }

    private static async Task<IReadOnlyList<string>> KeysAsync(IObjectStore objects)
    {
        var keys = new List<string>();
        await foreach (var stored in objects.ListKeysAsync("", CancellationToken.None))
            keys.Add(stored.Key);
        return keys;
    }
}
