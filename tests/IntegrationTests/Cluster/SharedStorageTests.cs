using Platform.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;
using Platform.Storage.Objects;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Cluster;

/// <summary>Host processes that keep their objects in one bucket of an S3-compatible server rather than a folder they share.</summary>
[Collection(HostProcessesCollection.Name)]
public sealed class SharedStorageTests : IAsyncLifetime
{
    private const string Bucket = "cluster-objects";

    private LocalS3 _s3 = null!;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _s3 = await LocalS3.StartAsync();
        _cluster = await LocalCluster.StartAsync(_s3.HostSettings(Bucket), forTests: true);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task An_artifact_a_remote_worker_uploaded_through_one_host_downloads_from_another_out_of_the_bucket()
    {
        await using var deployment = await _cluster.DeployAsync("s3", HostRole.AcceptOnly, HostRole.AcceptOnly);
        await deployment.SignInAsync();
        var (hostA, hostB) = (deployment.Urls[0], deployment.Urls[1]);
        var submitted = await deployment.Client(hostA).SubmitAsync(new SubmitJobRequest(LocalCluster.RemoteNoopType, JsonSerializer.SerializeToElement(new { })));
        // Larger than a part, so host A sends it to the bucket in parts as it arrives.
        var weights = new byte[S3ObjectStore.PartSize + 123_456];
        Random.Shared.NextBytes(weights);

        var claimed = await ClaimAsync(hostA, deployment.ApiKey);
        using (var upload = await WorkerCallAsync(hostA, deployment.ApiKey, HttpMethod.Put, $"{claimed.JobId}/artifacts/weights.bin", claimed.Lease,
            new ByteArrayContent(weights) { Headers = { ContentType = new("application/octet-stream") } }))
            upload.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var succeed = await WorkerCallAsync(hostA, deployment.ApiKey, HttpMethod.Post, $"{claimed.JobId}/succeed", claimed.Lease,
            JsonContent.Create(new SuccessReport(), options: PlatformJson.Options)))
            succeed.StatusCode.Should().Be(HttpStatusCode.OK);

        claimed.JobId.Should().Be(submitted.Id);
        var fromB = deployment.Client(hostB);
        (await fromB.GetJobAsync(submitted.Id)).Artifacts.Should().Equal(new JobArtifact("weights.bin", "application/octet-stream", weights.Length));
        (await fromB.DownloadArtifactAsync(submitted.Id, "weights.bin")).Should().Equal(weights);
        using var s3 = _s3.CreateClient();
        var stored = (await new S3ObjectStore(s3, Bucket).ListAsync($"artifacts/{submitted.Id:N}/", CancellationToken.None)).Should().ContainSingle().Which;
        stored.Key.Should().StartWith($"artifacts/{submitted.Id:N}/").And.EndWith("-weights.bin", "each upload has a key of its own in its job's folder");
        (stored.Length, stored.ContentType).Should().Be((weights.Length, "application/octet-stream"));
        Directory.Exists(deployment.StoragePath).Should().BeFalse("the hosts' local folder is not where they keep objects");
    }

    private static async Task<ClaimedJob> ClaimAsync(Uri host, string apiKey)
    {
        using var http = TestCluster.Deployment.Http(host);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/worker/claim")
        {
            Content = JsonContent.Create(new ClaimRequest("s3 worker", [LocalCluster.RemoteNoopType], 1, 10), options: PlatformJson.Options),
            Headers = { { ApiKeyHeader.Name, apiKey } },
        };
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<IReadOnlyList<ClaimedJob>>(PlatformJson.Options))!.Should().ContainSingle().Subject;
    }

    private static async Task<HttpResponseMessage> WorkerCallAsync(Uri host, string apiKey, HttpMethod method, string path, string lease, HttpContent content)
    {
        using var http = TestCluster.Deployment.Http(host);
        using var request = new HttpRequestMessage(method, $"api/v1/worker/jobs/{path}")
        {
            Content = content,
            Headers = { { ApiKeyHeader.Name, apiKey }, { JobLeaseHeader.Name, lease } },
        };
        return await http.SendAsync(request);
    }
}
