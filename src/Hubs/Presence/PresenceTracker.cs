using System.Collections.Concurrent;
using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Hubs;
using Platform.Storage.Accounts;

namespace Platform.Hubs.Presence;

/// <summary>This host's hub connections in the presence store, and the join and leave announcements to everyone connected.</summary>
public sealed class PresenceTracker(IPresenceStore store, IDocumentStore documents, IHubContext<JobsHub, IJobsClient> hub, TimeProvider clock,
    ILogger<PresenceTracker> logger)
{
    private readonly ConcurrentDictionary<string, (string UserId, string DisplayName)> _local = new();

    /// <summary>The name others see: the account's display name, or a short form of the id when it has none.</summary>
    public async Task<string> DisplayNameAsync(string userId, CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        var user = Guid.TryParse(userId, out var id) ? await session.LoadAsync<UserAccount>(id, ct) : null;
        return string.IsNullOrWhiteSpace(user?.DisplayName) ? $"user-{userId[..Math.Min(8, userId.Length)]}" : user.DisplayName;
    }

    public async Task ConnectedAsync(string connectionId, string userId, string displayName)
    {
        _local[connectionId] = (userId, displayName);
        try
        {
            if (await store.ConnectedAsync(userId, displayName, connectionId))
                await AnnounceAsync(new OnlineUser(userId, displayName), online: true);
        }
        catch (Exception e)
        {
            // The next heartbeat vouches for the connection again, and announces the user if it must.
            logger.LogWarning("Presence of connection {ConnectionId} not recorded yet: {Error}", connectionId, e.Message);
        }
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        if (!_local.TryRemove(connectionId, out var connection))
            return;
        try
        {
            if (await store.DisconnectedAsync(connection.UserId, connectionId) is { } name)
                await AnnounceAsync(new OnlineUser(connection.UserId, name), online: false);
        }
        catch (Exception e)
        {
            // Not vouched for any more, the connection runs out and a sweep announces the leave.
            logger.LogWarning("Presence of connection {ConnectionId} not removed, it expires instead: {Error}", connectionId, e.Message);
        }
    }

    public Task<IReadOnlyList<OnlineUser>> OnlineAsync() => store.OnlineAsync();

    /// <summary>Vouches for this host's connections and drops those of dead hosts; announces who came and went.</summary>
    public async Task BeatAsync()
    {
        var connections = _local.Select(c => (c.Value.UserId, c.Value.DisplayName, ConnectionId: c.Key)).ToList();
        foreach (var back in await store.RefreshAsync(connections))
            await AnnounceAsync(back, online: true);
        foreach (var gone in await store.SweepAsync())
            await AnnounceAsync(gone, online: false);
    }

    private Task AnnounceAsync(OnlineUser user, bool online) =>
        hub.Clients.All.PresenceChanged(new PresenceChange(user.UserId, user.DisplayName, online, clock.GetUtcNow()));
}
