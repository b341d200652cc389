using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Host.LocalServices;
using Platform.IntegrationTests.Infrastructure;
using Platform.Storage.Objects;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Storage;

/// <summary>A host whose objects live in a bucket of a real S3-compatible server, which the host creates at start-up.</summary>
public sealed class S3HostFixture : IAsyncLifetime
{
    public const string Bucket = "platform-objects";

    private readonly S3Fixture _s3 = new();

    public PlatformApplication Application { get; private set; } = null!;

    public LocalS3 Server => _s3.Server;

    /// <summary>The bucket the host uses, read directly rather than through the host.</summary>
    public IObjectStore Bucketed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _s3.InitializeAsync();
        Application = await PlatformApplication.StartAsync("s3-storage", Settings(Server.HostSettings(Bucket)));
        Bucketed = new S3ObjectStore(_s3.Client, Bucket);
    }

    public static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string> settings) =>
        settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value);

    public async Task DisposeAsync()
    {
        if (Application is not null)
            await Application.DisposeAsync();
        await _s3.DisposeAsync();
    }
}

public sealed class S3StorageTests(S3HostFixture fixture) : IClassFixture<S3HostFixture>
{
    [Fact]
    public async Task A_generation_jobs_artifact_downloads_from_the_bucket_and_never_touches_the_local_folder()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Generation,
            JsonSerializer.SerializeToElement(new { prompt = "a fox in a bucket", width = 32, height = 24, steps = 2 })));
        (await client.WaitForCompletionAsync(submitted.Id, TimeSpan.FromSeconds(60))).Status.Should().Be(JobStatus.Succeeded);

        var downloaded = await client.DownloadArtifactAsync(submitted.Id, "image.png");

        // Each upload of an artifact has a key of its own in its job's folder.
        var key = (await fixture.Bucketed.ListAsync($"artifacts/{submitted.Id:N}/", CancellationToken.None)).Should().ContainSingle().Which.Key;
        key.Should().EndWith("-image.png");
        await using (var stored = await fixture.Bucketed.OpenAsync(key, CancellationToken.None))
        {
            stored.Should().NotBeNull("the host put the artifact in the bucket");
            stored!.ContentType.Should().Be("image/png");
            using var bytes = new MemoryStream();
            await stored.Content.CopyToAsync(bytes);
            downloaded.Should().Equal(bytes.ToArray());
        }
        Directory.Exists(fixture.Application.Service<StorageOptions>().Path).Should().BeFalse("nothing is kept in the local folder");

        await fixture.Bucketed.DeleteAsync(key, CancellationToken.None);
        var gone = () => client.DownloadArtifactAsync(submitted.Id, "image.png");
        (await gone.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound, "the bytes came from the bucket");
    }

    [Fact]
    public async Task An_uploaded_file_is_kept_in_the_bucket_read_by_a_job_from_there_and_deleted_from_it()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var csv = "x,y\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i / 10.0},{3 * i / 10.0 + 1}"));
        var file = await client.UploadFileAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "line.csv", "text/csv");

        await using (var stored = await fixture.Bucketed.OpenAsync($"files/{file.Id:N}", CancellationToken.None))
            stored.Should().NotBeNull("the upload went to the bucket").And.Subject.As<StoredObject>().Length.Should().Be(file.Size);
        var job = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Training,
            JsonSerializer.SerializeToElement(new { epochs = 20, datasetFile = new { file = file.Id } })));
        var finished = await client.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(60));
        finished.Status.Should().Be(JobStatus.Succeeded, finished.Error);
        finished.Output!.Value.GetProperty("samples").GetInt32().Should().Be(30, "the handler read the file from the bucket");

        await client.DeleteFileAsync(file.Id);
        (await fixture.Bucketed.OpenAsync($"files/{file.Id:N}", CancellationToken.None)).Should().BeNull();
    }

    [Theory]
    [InlineData("Storage:S3:ServiceUrl", "minio:9000", "Storage:S3:ServiceUrl 'minio:9000' must be an absolute http or https URL*")]
    [InlineData("Storage:S3:ServiceUrl", "ftp://minio", "Storage:S3:ServiceUrl 'ftp://minio' must be an absolute http or https URL*")]
    [InlineData("Storage:S3:Bucket", "", "Storage:S3:Bucket '' must be a bucket name*")]
    [InlineData("Storage:S3:Bucket", "Not_A_Bucket", "Storage:S3:Bucket 'Not_A_Bucket' must be a bucket name*")]
    [InlineData("Storage:S3:SecretKey", "", "Storage:S3:SecretKey (not shown) must be given together with Storage:S3:AccessKey*")]
    public async Task A_host_with_a_wrong_S3_setting_does_not_start_and_names_the_setting(string key, string value, string message)
    {
        var settings = S3HostFixture.Settings(fixture.Server.HostSettings("checked"));
        settings[key] = value;

        var start = () => PlatformApplication.StartAsync("s3-settings", settings);

        await start.Should().ThrowAsync<OptionsValidationException>().WithMessage(message);
    }

    [Fact]
    public async Task A_host_whose_S3_server_does_not_answer_does_not_start_and_names_the_setting()
    {
        var settings = S3HostFixture.Settings(fixture.Server.HostSettings("unreached"));
        var nobody = $"http://127.0.0.1:{FreePort.Pick()}";
        settings["Storage:S3:ServiceUrl"] = nobody;

        var start = () => PlatformApplication.StartAsync("s3-unreached", settings);

        await start.Should().ThrowAsync<InvalidOperationException>().WithMessage($"The S3 server {nobody} (Storage:S3:ServiceUrl) could not be reached*");
    }
}
