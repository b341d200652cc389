using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// Workers outside the hosts, as plain HTTP loops in this tool (each its own name and connection pool slot): claim one
/// job, end it succeeded, claim again. They do no work, so what is measured is the platform's cost per remote job.
/// </summary>
public sealed class RemoteWorkers(Deployment deployment, int count)
{
    public const string NoopType = LocalCluster.RemoteNoopType;

    /// <summary>Called with each job the moment its claim answers, before it is ended.</summary>
    public Action<Guid>? Claimed { get; init; }

    public async Task RunAsync(CancellationToken ct) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => WorkAsync($"load-worker-{i}", deployment.Urls[i % deployment.Urls.Count], ct)));

    private async Task WorkAsync(string name, Uri host, CancellationToken ct)
    {
        using var http = Deployment.Http(host);
        http.DefaultRequestHeaders.Add(Platform.Contracts.Accounts.ApiKeyHeader.Name, deployment.ApiKey);
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<ClaimedJob> claimed;
            try
            {
                using var response = await http.PostAsJsonAsync("api/v1/worker/claim", new ClaimRequest(name, [NoopType], 1, 5), PlatformJson.Options, ct);
                response.EnsureSuccessStatusCode();
                claimed = (await response.Content.ReadFromJsonAsync<IReadOnlyList<ClaimedJob>>(PlatformJson.Options, ct))!;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            foreach (var job in claimed)
            {
                Claimed?.Invoke(job.JobId);
                using var succeed = new HttpRequestMessage(HttpMethod.Post, $"api/v1/worker/jobs/{job.JobId}/succeed")
                {
                    Content = JsonContent.Create(new SuccessReport(), options: PlatformJson.Options),
                };
                succeed.Headers.Add(JobLeaseHeader.Name, job.Lease);
                using var done = await http.SendAsync(succeed, CancellationToken.None);
                done.EnsureSuccessStatusCode();
            }
        }
    }

    public static SubmitJobRequest Job { get; } = new(NoopType, JsonSerializer.SerializeToElement(new { }));
}
