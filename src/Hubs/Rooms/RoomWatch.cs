using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Platform.Contracts.Hubs;
using Platform.Contracts.Rooms;
using Platform.Hubs.Watching;
using Platform.Storage.Rooms;

namespace Platform.Hubs.Rooms;

/// <summary>
/// One connection's watch of one room: every stored message once and in sequence. Live messages may come out of order
/// or with gaps (two hosts publishing, a Redis outage); a gap is read from storage before the message after it is sent.
/// </summary>
internal sealed class RoomWatch(string connectionId, Guid roomId, Guid userId, long afterSeq, RoomStore store, HubConnections hub)
{
    private const int PageSize = 200;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sent = afterSeq;

    public string ConnectionId { get; } = connectionId;

    public Guid UserId { get; } = userId;

    /// <summary>Sends every stored message after the last one sent, up to the room's newest.</summary>
    public Task CatchUpAsync() => InOrderAsync(() => SendStoredAsync(long.MaxValue));

    public Task DeliverAsync(ChatMessage message, SerializedHubMessage serialized) => InOrderAsync(async () =>
    {
        if (message.Seq > _sent + 1)
            await SendStoredAsync(message.Seq - 1);
        if (message.Seq != _sent + 1)
            return;
        _sent = message.Seq;
        _ = hub.WriteAsync(ConnectionId, roomId, serialized);
    });

    /// <summary>An edit or delete: sent for a message already sent; one not sent yet goes out as it is now when its turn comes.</summary>
    public Task ChangedAsync(ChatMessage message, SerializedHubMessage serialized) => InOrderAsync(() =>
    {
        if (message.Seq <= _sent)
            _ = hub.WriteAsync(ConnectionId, roomId, serialized);
        return Task.CompletedTask;
    });

    public void Send(SerializedHubMessage serialized) => _ = hub.WriteAsync(ConnectionId, roomId, serialized);

    private async Task SendStoredAsync(long throughSeq)
    {
        while (_sent < throughSeq)
        {
            var page = await store.AfterAsync(roomId, _sent, PageSize, UserId, CancellationToken.None);
            foreach (var stored in page.TakeWhile(m => m.Seq <= throughSeq))
            {
                _sent = stored.Seq;
                _ = hub.WriteAsync(ConnectionId, roomId, new SerializedHubMessage(new InvocationMessage(nameof(IJobsClient.ChatMessage), [stored])));
            }
            if (page.Count < PageSize)
                return;
        }
    }

    private async Task InOrderAsync(Func<Task> step)
    {
        await _gate.WaitAsync();
        try
        {
            await step();
        }
        finally
        {
            _gate.Release();
        }
    }
}
