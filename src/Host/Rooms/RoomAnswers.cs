using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Host.Defaults;
using Platform.Hubs.Rooms;

namespace Platform.Host.Rooms;

/// <summary>A room operation's refusal as the problem REST callers get; one mapping for every room endpoint.</summary>
public static class RoomAnswers
{
    public static IResult Refusal<T>(RoomResult<T> result) => result.Outcome switch
    {
        RoomOutcome.NotFound => ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "Room or message not found."),
        RoomOutcome.Forbidden => ApiProblems.Create(StatusCodes.Status403Forbidden, "room_forbidden", "Not allowed in this room.", result.Problem),
        RoomOutcome.Invalid => ApiProblems.Invalid(result.Field!, result.Problem!),
        RoomOutcome.Conflict => ApiProblems.Create(StatusCodes.Status409Conflict, "room_conflict", "The room refused the change.", result.Problem),
        RoomOutcome.TooMany => ApiProblems.Create(StatusCodes.Status429TooManyRequests, "room_rate_limited", "Too many messages.", result.Problem),
        _ => throw new InvalidOperationException($"{result.Outcome} is not a refusal."),
    };

    /// <summary>The value as 200, or the refusal.</summary>
    public static IResult Ok<T>(RoomResult<T> result) => result.Outcome == RoomOutcome.Done ? TypedResults.Ok(result.Value) : Refusal(result);
}
