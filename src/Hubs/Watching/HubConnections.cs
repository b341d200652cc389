using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Platform.Storage;

namespace Platform.Hubs.Watching;

/// <summary>
/// The jobs hub's connections on this host, each with its <see cref="JobOutbox"/>: one serialized message can be written
/// to many of them (what a group send does, for the per-connection ordered delivery the watchers need), a slow one gets
/// the newest live tick of a job rather than a backlog, and those whose access ended can be closed.
/// </summary>
public sealed class HubConnections(PlatformMetrics metrics)
{
    private readonly ConcurrentDictionary<string, Connected> _connections = new();

    /// <summary>Hub connections open on this host now.</summary>
    public int Count => _connections.Count;

    internal void Add(HubConnectionContext connection) => _connections[connection.ConnectionId] = new Connected(connection, new JobOutbox(
        message =>
        {
            metrics.HubMessageSent((message.Message as InvocationMessage)?.Target ?? "unknown");
            return connection.WriteAsync(message);
        },
        metrics.HubTickSuperseded));

    internal void Remove(HubConnectionContext connection) => _connections.TryRemove(connection.ConnectionId, out _);

    /// <summary>Writes a stored event's message to the connection, if it is still here, after what it was given before.</summary>
    public Task WriteAsync(string connectionId, Guid jobId, SerializedHubMessage message) =>
        _connections.TryGetValue(connectionId, out var connected) ? connected.Outbox.WriteAsync(jobId, message) : Task.CompletedTask;

    /// <summary>Writes a live tick to the connection, in the place of the job's tick still waiting there if any.</summary>
    public void WriteLatest(string connectionId, Guid jobId, SerializedHubMessage tick)
    {
        if (_connections.TryGetValue(connectionId, out var connected))
            connected.Outbox.WriteLatest(jobId, tick);
    }

    /// <summary>Closes every connection whose caller <paramref name="ended"/> says no longer has access; how many it closed.</summary>
    public int Abort(Func<ClaimsPrincipal, bool> ended)
    {
        var aborted = 0;
        foreach (var (connection, _) in _connections.Values)
            if (connection.User is { } caller && ended(caller))
            {
                connection.Abort();
                aborted++;
            }
        return aborted;
    }

    private sealed record Connected(HubConnectionContext Connection, JobOutbox Outbox);
}

/// <summary>
/// Passes everything to the real lifetime manager (Redis or in-process), tells <see cref="HubConnections"/> who is
/// connected, and counts connections and sends.
/// </summary>
public sealed class TrackingHubLifetimeManager<THub>(HubLifetimeManager<THub> inner, HubConnections connections, IAccessCheck access, PlatformMetrics metrics)
    : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    public void Dispose() => (inner as IDisposable)?.Dispose();

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await inner.OnConnectedAsync(connection);
        connections.Add(connection);
        metrics.HubConnected();
        // Access that ended between this connection's authentication and its registration found nothing to close.
        if (connection.User is { } caller && !await access.StandsAsync(caller, connection.ConnectionAborted))
            connection.Abort();
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        connections.Remove(connection);
        metrics.HubDisconnected();
        await inner.OnDisconnectedAsync(connection);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendAllAsync(methodName, args, cancellationToken);
    }

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken);
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken);
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendGroupAsync(groupName, methodName, args, cancellationToken);
    }

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken);
    }

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken);
    }

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendUserAsync(userId, methodName, args, cancellationToken);
    }

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        metrics.HubMessageSent(methodName);
        return inner.SendUsersAsync(userIds, methodName, args, cancellationToken);
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.AddToGroupAsync(connectionId, groupName, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        inner.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        inner.TryGetReturnType(invocationId, out type);
}
