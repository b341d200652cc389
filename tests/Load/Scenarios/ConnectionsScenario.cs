using Platform.Contracts.Hubs;
using Platform.Load.Baseline;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C idle hub connections to one host, each watching its user's jobs: the host's resident memory before and
/// after. The baseline opens as many to a bare hub, each in one group.
/// </summary>
public static class ConnectionsScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        await using var deployment = await run.DeployAsync("connections", HostRole.Worker);
        var figures = await MeasureAsync(run, "connections", deployment.Processes.FirstOrDefault(), deployment.Urls,
            JobsHubPaths.Path.TrimStart('/'), nameof(IJobsHub.SubscribeMyJobs), deployment.ApiKey);
        return new ScenarioResult("connections", figures);
    }

    public static async Task<ScenarioResult> RunBaselineAsync(LoadRun run, LocalCluster? cluster)
    {
        if (cluster is null)
            throw new InvalidOperationException("The baseline needs the Redis this tool starts; it cannot run with --url.");
        var host = (await Baseline.BareHubHost.StartAsync(cluster, 1))[0];
        await using (host)
            return new ScenarioResult("connections-baseline", await MeasureAsync(run, "connections-baseline", host, [host.Url], BareHubHost.HubPath, "Watch", apiKey: null));
    }

    private static async Task<Dictionary<string, double>> MeasureAsync(
        LoadRun run, string name, HostProcess? host, IReadOnlyList<Uri> urls, string hubPath, string watch, string? apiKey)
    {
        var count = run.Options.Clients ?? 10000;
        await using (var warmUp = await HubClients.ConnectAsync(urls, hubPath, 20, HubWire.Json, null, apiKey: apiKey))
            await warmUp.InvokeAllAsync(watch);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = host?.ResidentBytes() ?? 0;

        var opened = 0;
        long after;
        await using (new ProgressLine(name, () => $"{opened}/{count} connected"))
        await using (var clients = await HubClients.ConnectAsync(urls, hubPath, count, HubWire.Json, null, n => opened = n, apiKey))
        {
            await clients.InvokeAllAsync(watch);
            await Task.Delay(TimeSpan.FromSeconds(3));
            after = host?.ResidentBytes() ?? 0;
        }
        return new Dictionary<string, double>
        {
            ["connections"] = count,
            ["rssBeforeMb"] = Math.Round(before / 1048576.0, 1),
            ["rssAfterMb"] = Math.Round(after / 1048576.0, 1),
            ["bytesPerConnection"] = host is null ? double.NaN : Math.Round((after - before) / (double)count),
        };
    }
}
