using Platform.Storage.Outcomes;

namespace Platform.Jobs.Rooms;

/// <summary>How the rooms say no, alike over REST and the hub: the reason is the detail.</summary>
public static class RoomRefusals
{
    public static Refusal NotFound() => Refusal.NotFound("Room or message not found.");

    public static Refusal Forbidden(string reason) => Refusal.Forbidden("room_forbidden", "Not allowed in this room.", reason);

    public static Refusal Conflict(string reason) => Refusal.Conflict("room_conflict", "The room refused the change.", reason);

    public static Refusal TooMany(string reason) => Refusal.TooMany("room_rate_limited", "Too many messages.", reason);
}
