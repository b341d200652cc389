using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Jobs.Benchmarks;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>A scenario's figures; <paramref name="Failure"/> says what went wrong when its figures do not stand (a loss, say).</summary>
public sealed record ScenarioResult(string Name, IReadOnlyDictionary<string, double> Figures, string? Failure = null);

/// <summary>What every scenario needs: its options, hosts to talk to, and clients for them.</summary>
public sealed class LoadRun(LoadOptions options, LocalCluster? cluster)
{
    public LoadOptions Options => options;

    public static SubmitJobRequest Noop { get; } = new(NoopJob.TypeName, JsonSerializer.SerializeToElement(new { }));

    public static SubmitJobRequest Ticker(int ticks, int intervalMs) =>
        new(TickerJob.TypeName, JsonSerializer.SerializeToElement(new { ticks, intervalMs }));

    /// <summary>Fresh hosts in the given roles over a fresh database; with --url, the running hosts instead.</summary>
    public Task<Deployment> DeployAsync(string name, params HostRole[] roles) => DeployAsync(name, Metering.Off, roles);

    /// <summary><see cref="DeployAsync(string, HostRole[])"/>, the hosts priced as <paramref name="metering"/> says.</summary>
    public async Task<Deployment> DeployAsync(string name, Metering metering, params HostRole[] roles)
    {
        if (metering.IsOn && cluster is null)
            throw new InvalidOperationException("A metered run sets its hosts' prices, so it needs hosts the tool starts, not --url.");
        var deployment = cluster is null ? Deployment.Existing(options.Urls) : await cluster.DeployAsync(name, metering.HostSettings, roles);
        await deployment.SignInAsync();
        return deployment;
    }

    public static HttpClient Http(Uri baseAddress) => Deployment.Http(baseAddress);

    /// <summary>Submits <paramref name="count"/> jobs from <paramref name="callers"/> concurrent callers; returns their ids.</summary>
    public static async Task<List<Guid>> SubmitManyAsync(PlatformClient client, SubmitJobRequest request, int count, int callers)
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var remaining = count;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
                ids.Add((await client.SubmitAsync(request)).Id);
        }));
        return [.. ids];
    }

    /// <summary>Every job of the caller, read page by page.</summary>
    public static async Task<List<Job>> AllJobsAsync(PlatformClient client)
    {
        var jobs = new List<Job>();
        for (var page = 1; ; page++)
        {
            var items = (await client.ListJobsAsync(page: page, pageSize: 100)).Items;
            jobs.AddRange(items);
            if (items.Count < 100)
                return jobs;
        }
    }
}
