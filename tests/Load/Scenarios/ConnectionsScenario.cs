using Platform.Contracts.Hubs;
using Platform.Load.Cluster;
using Platform.Load.Measuring;

namespace Platform.Load.Scenarios;

/// <summary>C idle hub connections (each watching its user's jobs) to one host: the host's resident memory before and after.</summary>
public static class ConnectionsScenario
{
    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var count = run.Options.Clients ?? 2000;
        await using var deployment = await run.DeployAsync("connections", HostRole.Worker);
        var host = deployment.Processes.FirstOrDefault();
        await using (await HubClients.ConnectAsync(deployment.Urls, 20, null))
        {
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = host?.ResidentBytes() ?? 0;

        var opened = 0;
        long after;
        await using (new ProgressLine("connections", () => $"{opened}/{count} connected"))
        await using (var clients = await HubClients.ConnectAsync(deployment.Urls, count, null, n => opened = n))
        {
            await clients.InvokeAllAsync(nameof(IJobsHub.SubscribeMyJobs));
            await Task.Delay(TimeSpan.FromSeconds(3));
            after = host?.ResidentBytes() ?? 0;
        }
        return new ScenarioResult("connections", new Dictionary<string, double>
        {
            ["connections"] = count,
            ["rssBeforeMb"] = Math.Round(before / 1048576.0, 1),
            ["rssAfterMb"] = Math.Round(after / 1048576.0, 1),
            ["bytesPerConnection"] = host is null ? double.NaN : Math.Round((after - before) / (double)count),
        });
    }
}
