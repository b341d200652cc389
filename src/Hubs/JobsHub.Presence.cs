using Platform.Contracts.Hubs;
using Platform.Hubs.Presence;

namespace Platform.Hubs;

// Presence: who is connected on any host. A connection is recorded when it opens (the hub's OnConnectedAsync).
public sealed partial class JobsHub
{
    private PresenceTracker Presence => Service<PresenceTracker>();

    // An array, whatever list the store made: MessagePack writes an answer by its runtime type, and cannot write the
    // compiler's own list types that collection expressions produce.
    public async Task<IReadOnlyList<OnlineUser>> GetOnlineUsers() => (await Presence.OnlineAsync()).ToArray();
}
