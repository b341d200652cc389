using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Accounts;
using Platform.Contracts.Admin;
using Platform.Hubs.Overview;

namespace Platform.Hubs;

// The admins' overview of the cluster, pushed to those who watch it.
public sealed partial class JobsHub
{
    private OverviewWatchers OverviewWatchers => Service<OverviewWatchers>();

    [Authorize(Policy = Scopes.Admin)]
    public async Task<ClusterOverview> WatchOverview()
    {
        OverviewWatchers.Watch(Context.ConnectionId);
        return await Service<IClusterOverview>().CurrentAsync(Context.ConnectionAborted);
    }

    public Task UnwatchOverview()
    {
        OverviewWatchers.Unwatch(Context.ConnectionId);
        return Task.CompletedTask;
    }
}
