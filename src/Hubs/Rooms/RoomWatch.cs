using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Platform.Contracts.Hubs;
using Platform.Contracts.Rooms;
using Platform.Hubs.Watching;
using Platform.Jobs.Rooms;
using Platform.Storage.Rooms;

namespace Platform.Hubs.Rooms;

/// <summary>
/// One connection's watch of one room: every stored message once and in sequence. Live messages may come out of order
/// or with gaps (two hosts publishing, a Redis outage); a gap is read from storage before the message after it is sent.
/// Nothing goes out unless the watcher may read the room: each live event carries the room's access version, and one
/// newer than the version the watcher was last found to read the room at, or any read from storage, asks again first.
/// A watcher who may no longer read the room gets <see cref="IJobsClient.RoomLeft"/> and nothing after it.
/// </summary>
internal sealed class RoomWatch(string connectionId, Guid roomId, Guid userId, long afterSeq, RoomStore store, HubConnections hub,
    Action<RoomWatch> ended)
{
    private const int PageSize = 200;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sent = afterSeq;
    // The access version the watcher was last found to read the room at (none yet), and whether as a member.
    private long _readsAt = -1;
    private bool _asMember;
    private volatile bool _ended;

    public string ConnectionId { get; } = connectionId;

    public Guid UserId { get; } = userId;

    public Guid RoomId { get; } = roomId;

    /// <summary>Sends every stored message after the last one sent, up to the room's newest.</summary>
    public Task CatchUpAsync() => InOrderAsync(() => SendStoredAsync(long.MaxValue));

    public Task DeliverAsync(ChatMessage message, long accessVersion, SerializedHubMessage serialized) => InOrderAsync(async () =>
    {
        if (message.Seq > _sent + 1)
            await SendStoredAsync(message.Seq - 1);
        if (message.Seq != _sent + 1 || !await MayReadAsync(accessVersion))
            return;
        _sent = message.Seq;
        Write(serialized);
    });

    /// <summary>An edit or delete: sent for a message already sent; one not sent yet goes out as it is now when its turn comes.</summary>
    public Task ChangedAsync(ChatMessage message, long accessVersion, SerializedHubMessage serialized) => InOrderAsync(async () =>
    {
        if (message.Seq <= _sent && await MayReadAsync(accessVersion))
            Write(serialized);
    });

    /// <summary>Something live only (typing), in order with the messages.</summary>
    public Task SendAsync(long accessVersion, SerializedHubMessage serialized) => InOrderAsync(async () =>
    {
        if (await MayReadAsync(accessVersion))
            Write(serialized);
    });

    /// <summary>
    /// A member was removed or the room made private, taking <paramref name="narrowed"/>'s access version. The removed
    /// member's watch ends; a watch found readable at the version just before reads on without asking when the change
    /// cannot have touched it (another's removal; the room made private to a member), and asks otherwise.
    /// </summary>
    public Task AccessNarrowedAsync(RoomEvent narrowed) => InOrderAsync(async () =>
    {
        if (narrowed.MemberRemoved == UserId)
            End(RoomLeftReason.Removed);
        else if (_readsAt == narrowed.AccessVersion - 1 && (narrowed.MemberRemoved is not null || _asMember))
            _readsAt = narrowed.AccessVersion;
        else
            await MayReadAsync(narrowed.AccessVersion);
    });

    public Task EndAsync(string reason) => InOrderAsync(() =>
    {
        End(reason);
        return Task.CompletedTask;
    });

    /// <summary>The watch is over (unwatched, or the connection gone): nothing more is sent, not even why.</summary>
    public void Stop() => _ended = true;

    private async Task SendStoredAsync(long throughSeq)
    {
        while (_sent < throughSeq)
        {
            var page = await store.AfterAsync(RoomId, _sent, PageSize, UserId, CancellationToken.None);
            // Asked after the page was read: whoever may read the room now may read all it had stored by then.
            if (!await MayReadAsync(long.MaxValue))
                return;
            foreach (var stored in page.TakeWhile(m => m.Seq <= throughSeq))
            {
                _sent = stored.Seq;
                Write(new SerializedHubMessage(new InvocationMessage(nameof(IJobsClient.ChatMessage), [stored])));
            }
            if (page.Count < PageSize)
                return;
        }
    }

    // True when the watcher may read what happened under accessVersion; asks storage when that is newer than what it knows.
    private async Task<bool> MayReadAsync(long accessVersion)
    {
        if (accessVersion <= _readsAt)
            return true;
        var (room, member) = await store.AccessAsync(RoomId, UserId, CancellationToken.None);
        if (room is null || !RoomRules.CanRead(room, member))
        {
            End(room is null ? RoomLeftReason.Deleted : _asMember ? RoomLeftReason.Removed : RoomLeftReason.Private);
            return false;
        }
        _readsAt = room.AccessVersion;
        _asMember = member is not null;
        return true;
    }

    private void End(string reason)
    {
        _ended = true;
        Write(new SerializedHubMessage(new InvocationMessage(nameof(IJobsClient.RoomLeft), [new RoomLeft(RoomId, reason)])));
        ended(this);
    }

    private void Write(SerializedHubMessage serialized) => _ = hub.WriteAsync(ConnectionId, RoomId, serialized);

    private async Task InOrderAsync(Func<Task> step)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_ended)
                await step();
        }
        finally
        {
            _gate.Release();
        }
    }
}
