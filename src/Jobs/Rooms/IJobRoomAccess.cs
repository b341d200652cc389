namespace Platform.Jobs.Rooms;

/// <summary>Whether a job's owner may have it post to a room; the rooms' own rules answer (<see cref="JobRoomAccess"/>).</summary>
public interface IJobRoomAccess
{
    /// <summary>
    /// Null when <paramref name="ownerId"/> may post in the room, else why not: a room they cannot see is as absent
    /// as an unknown one.
    /// </summary>
    Task<string?> PostingProblemAsync(Guid roomId, string ownerId, CancellationToken ct);
}
