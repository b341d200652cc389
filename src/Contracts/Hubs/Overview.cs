using Platform.Contracts.Admin;

namespace Platform.Contracts.Hubs;

/// <summary>The cluster's overview, pushed to the admins who watch it.</summary>
public interface IOverviewHub
{
    /// <summary>Admins only: the cluster's overview now, with its recent throughput, then a push of it every few seconds.</summary>
    Task<ClusterOverview> WatchOverview();

    Task UnwatchOverview();
}

public interface IOverviewClient
{
    /// <summary>To admins who watch it: the cluster's hosts and queue now, with the newest throughput point.</summary>
    Task Overview(ClusterOverview overview);
}
