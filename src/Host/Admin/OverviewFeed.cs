using Platform.Contracts.Admin;
using Platform.Hubs.Overview;
using Platform.Storage.Hosts;
using Platform.Storage.Queue;

namespace Platform.Host.Admin;

/// <summary>
/// Reads the hosts' beats every <see cref="OverviewOptions.Interval"/> to keep the cluster's throughput, and pushes the
/// overview to the admins watching it on this host; the queue is counted only while someone watches.
/// </summary>
public sealed class OverviewFeed(HostRegistry registry, JobQueue queue, OverviewWatchers watchers, IOptions<HostsOptions> hosts,
    IOptions<OverviewOptions> options, TimeProvider clock, ILogger<OverviewFeed> logger) : BackgroundService, IClusterOverview
{
    private readonly ClusterThroughput _throughput = new(options.Value.History);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                var beats = await registry.ListAsync(stoppingToken);
                var point = _throughput.Record(beats, hosts.Value.GoneAfter, clock.GetUtcNow());
                if (watchers.Any)
                    watchers.Push(new ClusterOverview(point.At, Describe(beats), await queue.DepthByTypeAsync(stoppingToken), [point]));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not read the cluster's overview ({Error}); trying again in {Interval}", e.Message, options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<ClusterOverview> CurrentAsync(CancellationToken ct) =>
        new(clock.GetUtcNow(), Describe(await registry.ListAsync(ct)), await queue.DepthByTypeAsync(ct), _throughput.History());

    private IReadOnlyList<HostInfo> Describe(IReadOnlyList<HostRecord> beats) =>
        beats.Select(host => HostBeats.Describe(host, hosts.Value.GoneAfter)).ToList();
}
