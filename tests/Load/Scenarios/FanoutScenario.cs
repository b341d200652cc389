using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Load.Baseline;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>
/// C hub clients split over two hosts watch all their jobs; a ticker job runs on one host and stamps each
/// tick with its send time. Latency is receive time minus send time; a tick a client never got is lost.
/// The baseline does the same with a bare hub over the same Redis, sending the ticks from one host, either as
/// two numbers or as the same JobEvent the platform sends.
/// </summary>
public static class FanoutScenario
{
    private const int Ticks = 100;
    private const int IntervalMs = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<ScenarioResult> RunAsync(LoadRun run)
    {
        var clients = run.Options.Clients ?? 500;
        await using var deployment = await run.DeployAsync("fanout", HostRole.Worker, HostRole.AcceptOnly);
        var meter = new FanoutMeter(clients, Ticks);
        var opened = 0;

        void Listen(int client, HubConnection connection) => ListenToJobEvents(meter, client, connection);

        await using (new ProgressLine("fanout", () => $"{opened}/{clients} connected, {meter.Messages} messages"))
        {
            await using var connections = await HubClients.ConnectAsync(deployment.Urls, JobsHubPaths.Path.TrimStart('/'), clients, Listen, n => opened = n, deployment.ApiKey);
            await connections.InvokeAllAsync(nameof(IJobsHub.SubscribeMyJobs));
            await deployment.Client(deployment.Urls[^1]).SubmitAsync(LoadRun.Ticker(Ticks, IntervalMs));
            await meter.WaitForAllAsync(Patience);
        }
        return new ScenarioResult("fanout", meter.Figures(deployment.Urls.Count));
    }

    public static async Task<ScenarioResult> RunBaselineAsync(LoadRun run, LocalCluster? cluster, bool asJobEvents)
    {
        if (cluster is null)
            throw new InvalidOperationException("The baseline needs the Redis this tool starts; it cannot run with --url.");
        var clients = run.Options.Clients ?? 500;
        var hosts = await Baseline.BareHubHost.StartAsync(cluster, 2);
        try
        {
            var meter = new FanoutMeter(clients, Ticks);
            var opened = 0;
            var name = asJobEvents ? "fanout-baseline-events" : "fanout-baseline";
            void Listen(int client, HubConnection connection)
            {
                if (asJobEvents)
                    ListenToJobEvents(meter, client, connection);
                else
                    connection.On<int, double>("Tick", (tick, sentAt) =>
                    {
                        meter.Message();
                        meter.Tick(client, tick, sentAt);
                    });
            }

            await using (new ProgressLine(name, () => $"{opened}/{clients} connected, {meter.Messages} messages"))
            {
                await using var connections = await HubClients.ConnectAsync(hosts.Select(h => h.Url).ToList(), BareHubHost.HubPath, clients, Listen, n => opened = n);
                await connections.InvokeAllAsync("Watch");
                using var http = LoadRun.Http(hosts[0].Url);
                (await http.PostAsync($"tick?ticks={Ticks}&intervalMs={IntervalMs}&asJobEvents={asJobEvents}", null)).EnsureSuccessStatusCode();
                await meter.WaitForAllAsync(Patience);
            }
            return new ScenarioResult(name, meter.Figures(hosts.Count));
        }
        finally
        {
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }

    private static void ListenToJobEvents(FanoutMeter meter, int client, HubConnection connection) =>
        connection.On<JobEvent>(nameof(IJobsClient.JobEvent), e =>
        {
            meter.Message();
            if (e.Metrics is not null && e.Metrics.TryGetValue("tick", out var tick) && e.Metrics.TryGetValue("sentAt", out var sentAt))
                meter.Tick(client, tick, sentAt);
        });
}
