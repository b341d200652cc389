using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Load.Baseline;
using Platform.Load.Measuring;
using Platform.TestCluster;

namespace Platform.Load.Scenarios;

/// <summary>What a fan-out sends its ticks through.</summary>
public enum FanoutSource
{
    /// <summary>The platform: a ticker job on one host, its watchers on two.</summary>
    Platform,

    /// <summary>Bare hubs sending each tick as two numbers.</summary>
    BareNumbers,

    /// <summary>Bare hubs sending each tick as the very message the platform sends for it.</summary>
    BareEvents,
}

/// <summary>One contender of a fan-out: where its ticks come from, and what its clients speak.</summary>
public sealed record FanoutContender(string Name, FanoutSource Source, HubWire Wire);

/// <summary>
/// A contender's hosts with its clients connected over two of them, each client listening for ticks; bursts of ticks
/// are sent at a fixed rate and scored one meter a burst. Disposing closes the clients and stops the hosts.
/// </summary>
public sealed class FanoutHub : IAsyncDisposable
{
    private readonly FanoutContender _contender;
    private readonly int _clients;
    private readonly Func<int, int, Task> _sendTicks;
    private readonly IReadOnlyList<HostProcess> _hosts;
    private HubClients? _connections;
    private FanoutMeter? _meter;

    private readonly IAsyncDisposable _stop;

    private FanoutHub(FanoutContender contender, int clients, Func<int, int, Task> sendTicks, IReadOnlyList<HostProcess> hosts, IAsyncDisposable stop) =>
        (_contender, _clients, _sendTicks, _hosts, _stop) = (contender, clients, sendTicks, hosts, stop);

    public long Messages => Volatile.Read(ref _meter)?.Messages ?? 0;

    /// <summary>Starts the contender's hosts, connects the clients and warms every path up with a few unscored ticks.</summary>
    public static async Task<FanoutHub> OpenAsync(LoadRun run, LocalCluster? cluster, FanoutContender contender, int clients, Action<int> connected)
    {
        FanoutHub hub;
        IReadOnlyList<Uri> urls;
        string path, watch;
        string? apiKey = null;
        if (contender.Source == FanoutSource.Platform)
        {
            var deployment = await run.DeployAsync(contender.Name, HostRole.Worker, HostRole.AcceptOnly);
            var submitter = deployment.Client(deployment.Urls[^1]);
            hub = new FanoutHub(contender, clients, (ticks, intervalMs) => submitter.SubmitAsync(LoadRun.Ticker(ticks, intervalMs)),
                deployment.Processes, deployment);
            (urls, path, watch, apiKey) = (deployment.Urls, JobsHubPaths.Path.TrimStart('/'), nameof(IJobsHub.SubscribeMyJobs), deployment.ApiKey);
        }
        else
        {
            if (cluster is null)
                throw new InvalidOperationException("The bare hubs need the Redis this tool starts; they cannot run with --url.");
            var hosts = await BareHubHost.StartAsync(cluster, 2);
            var http = LoadRun.Http(hosts[0].Url);
            var asJobTicks = contender.Source == FanoutSource.BareEvents;
            hub = new FanoutHub(contender, clients, async (ticks, intervalMs) =>
                (await http.PostAsync($"tick?ticks={ticks}&intervalMs={intervalMs}&asJobTicks={asJobTicks}", null)).EnsureSuccessStatusCode(),
                hosts, new HostsToStop(hosts));
            (urls, path, watch) = (hosts.Select(h => h.Url).ToList(), BareHubHost.HubPath, BareHubHost.WatchMethod);
        }
        try
        {
            hub._connections = await HubClients.ConnectAsync(urls, path, clients, contender.Wire, hub.Listen, connected, apiKey);
            await hub._connections.InvokeAllAsync(watch);
            await hub.SendAsync(ticks: 4, intervalMs: 250, TimeSpan.FromSeconds(30));
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="ticks"/> ticks, one every <paramref name="intervalMs"/>, and waits until every client has the last one or the patience runs out.</summary>
    public async Task<FanoutMeter> SendAsync(int ticks, int intervalMs, TimeSpan patience)
    {
        var meter = new FanoutMeter(_clients, ticks);
        var (hostsBefore, toolBefore) = (HostProcess.ProcessorTimeOf(_hosts), Process.GetCurrentProcess().TotalProcessorTime);
        Volatile.Write(ref _meter, meter);
        await _sendTicks(ticks, intervalMs);
        await meter.WaitForLastTickAsync(TimeSpan.FromMilliseconds((double)ticks * intervalMs) + patience);
        meter.ProcessorTime = (HostProcess.ProcessorTimeOf(_hosts) - hostsBefore, Process.GetCurrentProcess().TotalProcessorTime - toolBefore);
        return meter;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connections is not null)
            await _connections.DisposeAsync();
        await _stop.DisposeAsync();
    }

    private void Listen(int client, HubConnection connection)
    {
        void Heard(double? tick, double? sentAt)
        {
            if (Volatile.Read(ref _meter) is not { } meter)
                return;
            meter.Message();
            if (tick is { } index && sentAt is { } at)
                meter.Tick(client, index, at);
        }

        void HeardMetrics(IReadOnlyDictionary<string, double>? metrics)
        {
            if (metrics is not null && metrics.TryGetValue("tick", out var tick) && metrics.TryGetValue("sentAt", out var sentAt))
                Heard(tick, sentAt);
            else
                Heard(null, null);
        }

        if (_contender.Source == FanoutSource.BareNumbers)
            connection.On<int, double>(BareHubHost.NumbersMethod, (tick, sentAt) => Heard(tick, sentAt));
        else
            connection.On<JobTick>(nameof(IJobsClient.JobTicked), tick => HeardMetrics(tick.Metrics));
        // The platform also sends its stored events: each counts as a message, and a stored progress event as its tick if it comes first.
        if (_contender.Source == FanoutSource.Platform)
            connection.On<JobEvent>(nameof(IJobsClient.JobEvent), e => HeardMetrics(e.Metrics));
    }
}

/// <summary>Every contender's hub open at once, so that they can take turns.</summary>
public sealed class FanoutHubs : IAsyncDisposable
{
    private readonly List<(FanoutContender Contender, FanoutHub Hub)> _hubs = [];

    public IReadOnlyList<(FanoutContender Contender, FanoutHub Hub)> Each => _hubs;

    public static async Task<FanoutHubs> OpenAsync(LoadRun run, LocalCluster? cluster, IReadOnlyList<FanoutContender> contenders, int clients,
        Action<string> status)
    {
        var hubs = new FanoutHubs();
        try
        {
            foreach (var contender in contenders)
                hubs._hubs.Add((contender, await FanoutHub.OpenAsync(run, cluster, contender, clients,
                    connected => status($"{contender.Name}: {connected}/{clients} connected"))));
            return hubs;
        }
        catch
        {
            await hubs.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, hub) in _hubs)
            await hub.DisposeAsync();
    }
}
