namespace Platform.Hubs.Rooms;

public enum RoomOutcome
{
    Done,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,
    TooMany,
}

/// <summary>What a room operation came to; <see cref="Field"/> names the input at fault when <see cref="RoomOutcome.Invalid"/>.</summary>
public sealed record RoomResult<T>(RoomOutcome Outcome, T? Value = default, string? Field = null, string? Problem = null)
{
    public static RoomResult<T> Ok(T value) => new(RoomOutcome.Done, value);

    public static RoomResult<T> NotFound() => new(RoomOutcome.NotFound);

    public static RoomResult<T> Forbidden(string problem) => new(RoomOutcome.Forbidden, Problem: problem);

    public static RoomResult<T> Invalid(string field, string problem) => new(RoomOutcome.Invalid, Field: field, Problem: problem);

    public static RoomResult<T> Conflict(string problem) => new(RoomOutcome.Conflict, Problem: problem);

    public static RoomResult<T> TooMany(string problem) => new(RoomOutcome.TooMany, Problem: problem);

    /// <summary>The same refusal for another kind of answer.</summary>
    public RoomResult<TOther> As<TOther>() => new(Outcome, default, Field, Problem);
}
