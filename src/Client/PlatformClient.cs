using System.Net.Http.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;

namespace Platform.Client;

/// <summary>Typed access to the Platform REST API and to live job events over the hub.</summary>
public sealed class PlatformClient(HttpClient http)
{
    /// <summary>A client for the host at <paramref name="baseAddress"/>, e.g. http://localhost:5080.</summary>
    public PlatformClient(Uri baseAddress) : this(new HttpClient { BaseAddress = baseAddress })
    {
    }

    public Uri BaseAddress => http.BaseAddress ?? throw new InvalidOperationException("The HttpClient has no BaseAddress.");

    public async Task<Job> SubmitAsync(SubmitJobRequest request, CancellationToken ct = default) =>
        await ReadAsync<Job>(await http.PostAsJsonAsync("api/v1/jobs", request, PlatformJson.Options, ct), ct);

    public async Task<Job> GetJobAsync(Guid jobId, CancellationToken ct = default) =>
        await ReadAsync<Job>(await http.GetAsync($"api/v1/jobs/{jobId}", ct), ct);

    public async Task<Page<Job>> ListJobsAsync(JobStatus? status = null, string? type = null, int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        var query = $"api/v1/jobs?page={page}&pageSize={pageSize}";
        if (status is not null)
            query += $"&status={status.ToString()!.ToLowerInvariant()}";
        if (type is not null)
            query += $"&type={Uri.EscapeDataString(type)}";
        return await ReadAsync<Page<Job>>(await http.GetAsync(query, ct), ct);
    }

    public async Task<JobStats> GetStatsAsync(CancellationToken ct = default) =>
        await ReadAsync<JobStats>(await http.GetAsync("api/v1/jobs/stats", ct), ct);

    public async Task<Job> CancelAsync(Guid jobId, CancellationToken ct = default) =>
        await ReadAsync<Job>(await http.PostAsync($"api/v1/jobs/{jobId}/cancel", null, ct), ct);

    /// <summary>The job's stored events after <paramref name="afterVersion"/>, in version order.</summary>
    public async Task<IReadOnlyList<JobEvent>> GetEventsAsync(Guid jobId, long afterVersion = 0, CancellationToken ct = default) =>
        await ReadAsync<List<JobEvent>>(await http.GetAsync($"api/v1/jobs/{jobId}/events?afterVersion={afterVersion}", ct), ct);

    public async Task<byte[]> DownloadArtifactAsync(Guid jobId, string name, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"api/v1/jobs/{jobId}/artifacts/{Uri.EscapeDataString(name)}", ct);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>
    /// Calls <paramref name="onEvent"/> for every stored event after <paramref name="afterVersion"/> and then
    /// live ones, in version order; after a dropped connection it reconnects and resumes where it left off.
    /// </summary>
    public Task<JobSubscription> SubscribeAsync(Guid jobId, Func<JobEvent, Task> onEvent, long afterVersion = 0, CancellationToken ct = default) =>
        JobSubscription.StartAsync(HubUrl, jobId, afterVersion, onEvent, ct);

    /// <summary>Calls <paramref name="onEvent"/> for live events of every job the caller owns, from now on.</summary>
    public Task<JobSubscription> SubscribeMyJobsAsync(Func<JobEvent, Task> onEvent, CancellationToken ct = default) =>
        JobSubscription.StartAsync(HubUrl, null, 0, onEvent, ct);

    private Uri HubUrl => new(BaseAddress, "hubs/jobs");

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            await PlatformApiException.ThrowIfFailedAsync(response, ct);
            return await response.Content.ReadFromJsonAsync<T>(PlatformJson.Options, ct)
                ?? throw new PlatformApiException(response.StatusCode, "The response had no body.", null, new Dictionary<string, string[]>());
        }
    }
}
