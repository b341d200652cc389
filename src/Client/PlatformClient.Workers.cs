using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Contracts;
using Platform.Contracts.Workers;

namespace Platform.Client;

// The worker protocol, call by call: claim jobs of remote types, then report on each under the lease its claim answered.
// PlatformWorker runs the whole loop on these.
public sealed partial class PlatformClient
{
    /// <summary>Claims ready jobs of remote types, waiting for one (<see cref="ClaimRequest.WaitSeconds"/>) when none is ready.</summary>
    public Task<IReadOnlyList<ClaimedJob>> ClaimJobsAsync(ClaimRequest request, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<ClaimedJob>>(HttpMethod.Post, "api/v1/worker/claim", request, ct);

    /// <summary>
    /// Renews the lease on a claimed job and answers whether it was asked to stop; with <paramref name="wait"/> (whole
    /// seconds, at most a minute), answers as soon as it is, renewing meanwhile. A wait refused because the caller's
    /// workers hold all their waiting calls is a 429, not sent again.
    /// </summary>
    public Task<WorkerAnswer> RenewJobLeaseAsync(Guid jobId, string lease, TimeSpan? wait = null, CancellationToken ct = default) =>
        LeasedAsync<WorkerAnswer>(HttpMethod.Post,
            $"{WorkerJobPath(jobId)}/heartbeat" + (wait is { } span ? $"?waitSeconds={(int)span.TotalSeconds}" : ""), lease, null, ct,
            wait is null ? null : RetryPolicy.None);

    public Task<WorkerAnswer> ReportJobProgressAsync(Guid jobId, string lease, ProgressReport report, CancellationToken ct = default) =>
        LeasedAsync<WorkerAnswer>(HttpMethod.Post, $"{WorkerJobPath(jobId)}/progress", lease, report, ct);

    public Task<WorkerAnswer> WriteJobLogAsync(Guid jobId, string lease, LogReport report, CancellationToken ct = default) =>
        LeasedAsync<WorkerAnswer>(HttpMethod.Post, $"{WorkerJobPath(jobId)}/log", lease, report, ct);

    /// <summary>Uploads a file the claimed job produced; it goes with the job's output. Sent once: a stream cannot be sent again.</summary>
    public async Task<JobArtifactUploaded> UploadJobArtifactAsync(Guid jobId, string lease, string name, Stream content,
        string contentType = "application/octet-stream", CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Address($"{WorkerJobPath(jobId)}/artifacts/{Uri.EscapeDataString(name)}"));
        request.Headers.TryAddWithoutValidation(JobLeaseHeader.Name, lease);
        request.Content = new StreamContent(content);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        await _credentials.ApplyAsync(request, ct);
        using var response = await http.SendAsync(request, ct);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<JobArtifactUploaded>(PlatformJson.Options, ct))!;
    }

    /// <summary>The bytes of an uploaded file the claimed job's input names; any other file is a 404.</summary>
    public async Task<byte[]> DownloadJobFileAsync(Guid jobId, string lease, Guid fileId, CancellationToken ct = default)
    {
        using var response = await RawSendAsync(HttpMethod.Get, $"{WorkerJobPath(jobId)}/files/{fileId}", null, ct, lease: lease);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>Ends the claimed job as succeeded with its output; the artifacts uploaded for it go with it.</summary>
    public Task<WorkerAnswer> SucceedJobAsync(Guid jobId, string lease, SuccessReport report, CancellationToken ct = default) =>
        LeasedAsync<WorkerAnswer>(HttpMethod.Post, $"{WorkerJobPath(jobId)}/succeed", lease, report, ct);

    /// <summary>Ends the claimed job's attempt as failed: retried by the job's rules, else final.</summary>
    public Task<WorkerAnswer> FailJobAsync(Guid jobId, string lease, FailureReport report, CancellationToken ct = default) =>
        LeasedAsync<WorkerAnswer>(HttpMethod.Post, $"{WorkerJobPath(jobId)}/fail", lease, report, ct);

    /// <summary>Gives the claimed job back: queued again for another worker, or cancelled if that was asked.</summary>
    public Task<WorkerAnswer> ReleaseJobAsync(Guid jobId, string lease, CancellationToken ct = default) =>
        LeasedAsync<WorkerAnswer>(HttpMethod.Post, $"{WorkerJobPath(jobId)}/release", lease, null, ct);

    private static string WorkerJobPath(Guid jobId) => $"api/v1/worker/jobs/{jobId}";

    private async Task<T> LeasedAsync<T>(HttpMethod method, string path, string lease, object? body, CancellationToken ct, RetryPolicy? retryPolicy = null)
    {
        using var response = await RawSendAsync(method, path, body, ct, lease: lease, retryPolicy: retryPolicy);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<T>(PlatformJson.Options, ct))!;
    }
}
