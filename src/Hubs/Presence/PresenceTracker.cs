using System.Collections.Concurrent;
using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Hubs;
using Platform.Storage.Accounts;

namespace Platform.Hubs.Presence;

/// <summary>
/// This host's hub connections in the presence store, and the join and leave announcements to everyone connected: a
/// user is announced online when their first connection arrives, and offline when their last has been gone for
/// <see cref="PresenceOptions.PresenceAnnounceDebounce"/>, so one who reconnects quickly is no news to anyone.
/// </summary>
public sealed class PresenceTracker(IPresenceStore store, IDocumentStore documents, IHubContext<JobsHub, IJobsClient> hub,
    IOptions<PresenceOptions> options, TimeProvider clock, ILogger<PresenceTracker> logger) : IConnectionState
{
    private readonly ConcurrentDictionary<string, LocalConnection> _local = new();

    /// <summary>The name others see: the account's display name, or a short form of the id when it has none.</summary>
    public async Task<string> DisplayNameAsync(string userId, CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        var user = Guid.TryParse(userId, out var id) ? await session.LoadAsync<UserAccount>(id, ct) : null;
        return string.IsNullOrWhiteSpace(user?.DisplayName) ? $"user-{userId[..Math.Min(8, userId.Length)]}" : user.DisplayName;
    }

    public async Task ConnectedAsync(string connectionId, string userId, string displayName)
    {
        var connection = _local[connectionId] = new LocalConnection(userId, displayName);
        await connection.Gate.WaitAsync();
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
        finally
        {
            connection.Gate.Release();
        }
    }

    /// <summary>The connection has ended: the user goes offline once their last connection has been gone for the debounce.</summary>
    public async Task ForgetAsync(string connectionId)
    {
        if (!_local.TryRemove(connectionId, out var connection))
            return;
        await connection.Gate.WaitAsync();
        try
        {
            connection.Gone = true;
            if (await store.DisconnectedAsync(connection.UserId, connectionId))
                _ = AnnounceIfOfflineAfterDebounceAsync(connection.UserId);
        }
        catch (Exception e)
        {
            // Not vouched for any more, the connection runs out and a sweep announces the leave.
            logger.LogWarning("Presence of connection {ConnectionId} not removed, it expires instead: {Error}", connectionId, e.Message);
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    // Should this host stop meanwhile, the user runs out and any host's sweep announces the leave. A little past the
    // debounce, so that a timer firing a hair early, by the wall clock the store compares with, still finds it over.
    private async Task AnnounceIfOfflineAfterDebounceAsync(string userId)
    {
        await Task.Delay(options.Value.PresenceAnnounceDebounce + TimeSpan.FromMilliseconds(50), clock);
        try
        {
            if (await store.WentOfflineAsync(userId) is { } name)
                await AnnounceAsync(new OnlineUser(userId, name), online: false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Leave of user {UserId} not announced yet, a sweep announces it instead: {Error}", userId, e.Message);
        }
    }

    public Task<IReadOnlyList<OnlineUser>> OnlineAsync() => store.OnlineAsync();

    /// <summary>Vouches for this host's connections and drops those of dead hosts; announces who came and went.</summary>
    public async Task BeatAsync()
    {
        var back = await Task.WhenAll(_local.Select(connection => VouchAsync(connection.Key, connection.Value)));
        foreach (var user in back.OfType<OnlineUser>().DistinctBy(user => user.UserId))
            await AnnounceAsync(user, online: true);
        foreach (var gone in await store.SweepAsync())
            await AnnounceAsync(gone, online: false);
    }

    // One connection at a time: a connection that leaves while the heartbeat is under way must not be vouched back online.
    private async Task<OnlineUser?> VouchAsync(string connectionId, LocalConnection connection)
    {
        await connection.Gate.WaitAsync();
        try
        {
            return !connection.Gone && await store.VouchAsync(connection.UserId, connection.DisplayName, connectionId)
                ? new OnlineUser(connection.UserId, connection.DisplayName)
                : null;
        }
        finally
        {
            connection.Gate.Release();
        }
    }

    private Task AnnounceAsync(OnlineUser user, bool online) =>
        hub.Clients.All.PresenceChanged(new PresenceChange(user.UserId, user.DisplayName, online, clock.GetUtcNow()));

    private sealed class LocalConnection(string userId, string displayName)
    {
        public string UserId { get; } = userId;
        public string DisplayName { get; } = displayName;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public bool Gone { get; set; }
    }
}
