using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Platform.Contracts.Admin;
using Platform.Contracts.Hubs;
using Platform.Hubs.Watching;

namespace Platform.Hubs.Overview;

/// <summary>The connections on this host that watch the cluster's overview (admins' only: the hub method says so).</summary>
public sealed class OverviewWatchers(HubConnections hub) : IConnectionState
{
    // The outbox orders messages per key; the overview is one stream of its own beside the jobs' streams.
    private static readonly Guid OverviewStream = new("0f0e0d0c-0b0a-0908-0706-050403020100");

    private readonly ConcurrentDictionary<string, bool> _connections = new();

    public bool Any => !_connections.IsEmpty;

    public void Watch(string connectionId) => _connections[connectionId] = true;

    public void Unwatch(string connectionId) => _connections.TryRemove(connectionId, out _);

    public Task ForgetAsync(string connectionId)
    {
        Unwatch(connectionId);
        return Task.CompletedTask;
    }

    /// <summary>Pushes the overview to every watcher on this host; each host serves its own, so none gets it twice.</summary>
    public void Push(ClusterOverview overview)
    {
        var message = new SerializedHubMessage(new InvocationMessage(nameof(IJobsClient.Overview), [overview]));
        foreach (var connectionId in _connections.Keys)
            _ = hub.WriteAsync(connectionId, OverviewStream, message);
    }
}

/// <summary>The overview as it is now, with its recent throughput; the host that knows its hosts and queue provides it.</summary>
public interface IClusterOverview
{
    Task<ClusterOverview> CurrentAsync(CancellationToken ct);
}
