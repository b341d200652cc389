using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;

namespace Platform.Client;

// Presence: who is connected on any host.
public sealed partial class PlatformLiveConnection
{
    /// <summary>Someone came online or went offline. Changes while reconnecting are missed: ask <see cref="GetOnlineUsersAsync"/> on <see cref="Reconnected"/>.</summary>
    public event Func<PresenceChange, Task>? PresenceChanged;

    /// <summary>Who has a connection on any host right now.</summary>
    public Task<IReadOnlyList<OnlineUser>> GetOnlineUsersAsync(CancellationToken ct = default) =>
        _connection.InvokeAsync<IReadOnlyList<OnlineUser>>(nameof(IJobsHub.GetOnlineUsers), ct);

    private void ListenToPresence() =>
        _connection.On<PresenceChange>(nameof(IJobsClient.PresenceChanged), change => RaiseAsync(PresenceChanged, change));
}
