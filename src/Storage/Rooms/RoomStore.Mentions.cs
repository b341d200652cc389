namespace Platform.Storage.Rooms;

// Mentions: who of those a message names belongs to its room.
public sealed partial class RoomStore
{
    /// <summary>Those of <paramref name="userIds"/> who are members of the room.</summary>
    public async Task<IReadOnlyList<Guid>> MembersAmongAsync(Guid roomId, IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0)
            return [];
        await using var command = database.CreateCommand($"select user_id from {RoomTables.Members} where room_id = $1 and user_id = any($2)");
        command.Parameters.AddWithValue(roomId);
        command.Parameters.AddWithValue(userIds.ToArray());
        return await ReadAllAsync(command, reader => reader.GetGuid(0), ct);
    }
}
