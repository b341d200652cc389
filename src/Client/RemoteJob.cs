using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;

namespace Platform.Client;

/// <summary>Why a claimed job's handler was told to stop.</summary>
public enum RemoteJobStop
{
    /// <summary>Someone cancelled the job: handed back, it ends cancelled.</summary>
    Cancelled,

    /// <summary>The worker is shutting down: handed back, it is queued again for another worker.</summary>
    Shutdown,

    /// <summary>The lease ran out (the worker was cut off too long); another claim has the job now.</summary>
    LeaseLost,
}

/// <summary>
/// A job a <see cref="PlatformWorker"/> claimed, as its handler sees it: the input, reports that renew the lease, and
/// <see cref="Stopping"/>, which fires when the platform answers that the job must stop or the worker shuts down.
/// Once it has fired, every report throws <see cref="OperationCanceledException"/> on it, so a handler that reports
/// now and then stops without asking.
/// </summary>
public sealed class RemoteJob
{
    private readonly PlatformClient _client;
    private readonly CancellationTokenSource _stop = new();

    internal RemoteJob(PlatformClient client, ClaimedJob claimed)
    {
        _client = client;
        (Id, Type, Input, Attempt, Lease, LeaseExpiresAt) = (claimed.JobId, claimed.Type, claimed.Input, claimed.Attempt, claimed.Lease, claimed.LeaseExpiresAt);
    }

    public Guid Id { get; }
    public string Type { get; }

    /// <summary>The job's input as submitted, with its schema's defaults filled in.</summary>
    public JsonElement Input { get; }

    /// <summary>The attempt this claim runs: 1, then one more for each retry.</summary>
    public int Attempt { get; }

    /// <summary>The lease every call about the job names.</summary>
    public string Lease { get; }

    /// <summary>When the lease runs out unless a report or renewal comes first.</summary>
    public DateTimeOffset LeaseExpiresAt { get; private set; }

    /// <summary>Fires once the job must stop; <see cref="StoppedBecause"/> says why.</summary>
    public CancellationToken Stopping => _stop.Token;

    public RemoteJobStop? StoppedBecause { get; private set; }

    /// <summary>The input as <typeparamref name="T"/>, read with the platform's JSON conventions.</summary>
    public T InputAs<T>() => Input.Deserialize<T>(PlatformJson.Options)!;

    /// <summary>How far the job got, with metrics; watchers see it at once.</summary>
    public Task ReportProgressAsync(double percent, string? message = null, Dictionary<string, double>? metrics = null, CancellationToken ct = default) =>
        ReportAsync(() => _client.ReportJobProgressAsync(Id, Lease, new ProgressReport(percent, message, metrics), ct));

    /// <summary>A line in the job's log.</summary>
    public Task LogAsync(string message, JobLogLevel level = JobLogLevel.Info, CancellationToken ct = default) =>
        ReportAsync(() => _client.WriteJobLogAsync(Id, Lease, new LogReport(message, level), ct));

    /// <summary>A file the job produced; the artifacts uploaded go with its output.</summary>
    public async Task<JobArtifact> UploadArtifactAsync(string name, Stream content, string contentType = "application/octet-stream", CancellationToken ct = default)
    {
        JobArtifact artifact = null!;
        await ReportAsync(async () =>
        {
            var uploaded = await _client.UploadJobArtifactAsync(Id, Lease, name, content, contentType, ct);
            artifact = uploaded.Artifact;
            return uploaded.Job;
        });
        return artifact;
    }

    public Task<JobArtifact> UploadArtifactAsync(string name, byte[] content, string contentType = "application/octet-stream", CancellationToken ct = default) =>
        UploadArtifactAsync(name, new MemoryStream(content, writable: false), contentType, ct);

    /// <summary>The bytes of an uploaded file the input names, by its id; only the job's own files are served.</summary>
    public Task<byte[]> ReadFileAsync(Guid fileId, CancellationToken ct = default) => _client.DownloadJobFileAsync(Id, Lease, fileId, ct);

    /// <summary>The bytes of the file an input field names as <c>{"file": "&lt;id&gt;"}</c>.</summary>
    public Task<byte[]> ReadFileAsync(JsonElement fileField, CancellationToken ct = default) =>
        ReadFileAsync(fileField.GetProperty("file").GetGuid(), ct);

    /// <summary>Renews the lease and learns whether to stop; with <paramref name="wait"/>, answers as soon as the job must stop.</summary>
    public async Task<WorkerAnswer> RenewLeaseAsync(TimeSpan? wait = null, CancellationToken ct = default)
    {
        var answer = await _client.RenewJobLeaseAsync(Id, Lease, wait, ct);
        Heard(answer);
        return answer;
    }

    internal void Stop(RemoteJobStop reason)
    {
        lock (_stop)
        {
            if (StoppedBecause is not null)
                return;
            StoppedBecause = reason;
        }
        _stop.Cancel();
    }

    private async Task ReportAsync(Func<Task<WorkerAnswer>> report)
    {
        Stopping.ThrowIfCancellationRequested();
        Heard(await report());
        Stopping.ThrowIfCancellationRequested();
    }

    private void Heard(WorkerAnswer answer)
    {
        LeaseExpiresAt = answer.LeaseExpiresAt;
        if (answer.CancelRequested)
            Stop(RemoteJobStop.Cancelled);
    }
}
