using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Accounts;
using Platform.Contracts.Admin;
using Platform.Contracts.Hubs;
using Platform.Contracts.Rooms;
using Platform.Hubs.Overview;
using Platform.Hubs.Presence;
using Platform.Hubs.Rooms;
using Platform.Hubs.Watching;
using Platform.Jobs.Model;

namespace Platform.Hubs;

/// <summary>
/// Live job events (one job with replay, or all of the caller's jobs; never anyone else's), notifications, presence
/// and open chat rooms.
/// </summary>
[Authorize(Policy = Scopes.JobsRead)]
public sealed class JobsHub(JobWatchers watchers, JobStore store, PresenceTracker presence, ChatRooms rooms, OverviewWatchers overviewWatchers,
    IClusterOverview overview, RoomService storedRooms, RoomWatchers roomWatchers) : Hub<IJobsClient>, IJobsHub
{
    public async Task SubscribeJob(Guid jobId, long afterVersion)
    {
        if (afterVersion < 0)
            throw new HubException("afterVersion must be 0 or more.");
        var owner = Owner;
        if (await store.GetOwnedAsync(jobId, owner, Context.ConnectionAborted) is null)
            throw new HubException($"Job {jobId} was not found.");
        await watchers.WatchJobAsync(Context.ConnectionId, owner, jobId, afterVersion);
    }

    public Task UnsubscribeJob(Guid jobId)
    {
        watchers.UnwatchJob(Context.ConnectionId, jobId);
        return Task.CompletedTask;
    }

    public Task SubscribeMyJobs()
    {
        watchers.WatchAllMine(Context.ConnectionId, Owner);
        return Task.CompletedTask;
    }

    public Task UnsubscribeMyJobs()
    {
        watchers.UnwatchAllMine(Context.ConnectionId);
        return Task.CompletedTask;
    }

    // An array, whatever list the store made: MessagePack writes an answer by its runtime type, and cannot write the
    // compiler's own list types that collection expressions produce.
    public async Task<IReadOnlyList<OnlineUser>> GetOnlineUsers() => (await presence.OnlineAsync()).ToArray();

    public Task JoinRoom(string room) => rooms.JoinAsync(Context.ConnectionId, room);

    public Task LeaveRoom(string room) => rooms.LeaveAsync(Context.ConnectionId, room);

    public Task SendToRoom(string room, string text) => rooms.SendAsync(Context.ConnectionId, Owner, DisplayName, room, text);

    public Task Typing(string room) => rooms.TypingAsync(Context.ConnectionId, Owner, DisplayName, room);

    public async Task WatchRoom(Guid roomId, long afterSeq)
    {
        if (afterSeq < 0)
            throw new HubException("afterSeq must be 0 or more.");
        if (!await storedRooms.CanReadAsync(UserId, roomId, Context.ConnectionAborted))
            throw new HubException($"Room {roomId} was not found.");
        await roomWatchers.WatchAsync(Context.ConnectionId, UserId, roomId, afterSeq);
    }

    public Task UnwatchRoom(Guid roomId)
    {
        roomWatchers.Unwatch(Context.ConnectionId, roomId);
        return Task.CompletedTask;
    }

    public async Task<ChatMessage> PostToRoom(Guid roomId, string text) =>
        Answer(await storedRooms.PostAsync(UserId, DisplayName, roomId, text, Context.ConnectionAborted));

    public async Task TypingInRoom(Guid roomId) =>
        Answer(await storedRooms.TypingAsync(Context.ConnectionId, UserId, DisplayName, roomId, Context.ConnectionAborted));

    // A refusal reaches the caller as its reason; an unknown or unseen room as not found.
    private static T Answer<T>(RoomResult<T> result) => result.Outcome == RoomOutcome.Done
        ? result.Value!
        : throw new HubException(result.Outcome == RoomOutcome.NotFound ? "Room or message not found." : $"{result.Field}{(result.Field is null ? "" : ": ")}{result.Problem}");

    private Guid UserId => Guid.Parse(Owner);

    [Authorize(Policy = Scopes.Admin)]
    public async Task<ClusterOverview> WatchOverview()
    {
        overviewWatchers.Watch(Context.ConnectionId);
        return await overview.CurrentAsync(Context.ConnectionAborted);
    }

    public Task UnwatchOverview()
    {
        overviewWatchers.Forget(Context.ConnectionId);
        return Task.CompletedTask;
    }

    // The policy on the hub guarantees an authenticated caller with a user id.
    private string Owner => Context.UserIdentifier!;

    public override async Task OnConnectedAsync()
    {
        // Not cut short when the client leaves at once: the client counts the connection open from the handshake on, so
        // presence must record it, and its leave must then start the debounce, not an earlier connection's leave.
        var displayName = await presence.DisplayNameAsync(Owner, CancellationToken.None);
        Context.Items[DisplayNameKey] = displayName;
        await presence.ConnectedAsync(Context.ConnectionId, Owner, displayName);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Forget(Context.ConnectionId);
        rooms.Forget(Context.ConnectionId);
        overviewWatchers.Forget(Context.ConnectionId);
        roomWatchers.Forget(Context.ConnectionId);
        storedRooms.Forget(Context.ConnectionId);
        await presence.DisconnectedAsync(Context.ConnectionId);
    }

    private const string DisplayNameKey = "displayName";

    private string DisplayName => Context.Items[DisplayNameKey] as string ?? Owner;
}
