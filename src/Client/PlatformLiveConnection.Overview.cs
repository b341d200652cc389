using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Admin;
using Platform.Contracts.Hubs;

namespace Platform.Client;

// The admins' overview of the cluster.
public sealed partial class PlatformLiveConnection
{
    private bool _overview;

    /// <summary>
    /// Admins watching the overview: the cluster now, every few seconds, with the newest throughput point; after a
    /// reconnect, once with the whole recent history.
    /// </summary>
    public event Func<ClusterOverview, Task>? OverviewReceived;

    /// <summary>Admins only: the cluster's overview now, with its recent throughput; then <see cref="OverviewReceived"/> every few seconds.</summary>
    public async Task<ClusterOverview> WatchOverviewAsync(CancellationToken ct = default)
    {
        var overview = await _connection.InvokeAsync<ClusterOverview>(nameof(IJobsHub.WatchOverview), ct);
        lock (_gate)
            _overview = true;
        return overview;
    }

    public async Task UnwatchOverviewAsync(CancellationToken ct = default)
    {
        lock (_gate)
            _overview = false;
        await _connection.InvokeAsync(nameof(IJobsHub.UnwatchOverview), ct);
    }

    private void ListenToOverview() =>
        _connection.On<ClusterOverview>(nameof(IJobsClient.Overview), overview => RaiseAsync(OverviewReceived, overview));

    private async Task RestoreOverviewAsync()
    {
        bool overview;
        lock (_gate)
            overview = _overview;
        ClusterOverview? latest = null;
        if (overview && await RestoreOneAsync(async () => latest = await _connection.InvokeAsync<ClusterOverview>(nameof(IJobsHub.WatchOverview)),
                () => _overview = false))
            await RaiseAsync(OverviewReceived, latest!);
    }
}
