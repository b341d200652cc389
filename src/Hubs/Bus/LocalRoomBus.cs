using Platform.Hubs.Rooms;
using Platform.Jobs.Rooms;

namespace Platform.Hubs.Bus;

/// <summary>A single host without Redis: room events go straight to this host's watchers.</summary>
public sealed class LocalRoomBus(RoomWatchers watchers) : IRoomEventPublisher
{
    public ValueTask PublishAsync(RoomEvent roomEvent)
    {
        watchers.Dispatch(roomEvent);
        return ValueTask.CompletedTask;
    }
}
