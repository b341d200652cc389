using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>The rooms' rules for jobs: a job posts to a room only while its owner is a member who may post there.</summary>
public sealed class JobRoomAccess(RoomStore store) : IJobRoomAccess
{
    public async Task<string?> PostingProblemAsync(Guid roomId, string ownerId, CancellationToken ct)
    {
        var room = await store.GetAsync(roomId, ct);
        var member = room is not null && Guid.TryParse(ownerId, out var userId) ? await store.MemberAsync(roomId, userId, ct) : null;
        if (room is null || !RoomRules.CanSee(room, member))
            return "no such room.";
        if (!RoomRules.CanPost(room, member))
            return room.ArchivedAt is null ? "only the room's members post to it: join it first." : "the room is archived: it is read-only.";
        return null;
    }
}
