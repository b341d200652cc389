using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Host.Defaults;
using Platform.Hubs.Rooms;

namespace Platform.Host.Rooms;

/// <summary>A room operation's outcome as REST callers get it; one mapping of refusals to problems for every room endpoint.</summary>
public static class RoomAnswers
{
    public static Results<Ok<T>, ProblemHttpResult, ValidationProblem> Ok<T>(RoomResult<T> result) => result.Outcome switch
    {
        RoomOutcome.Done => TypedResults.Ok(result.Value!),
        RoomOutcome.Invalid => Invalid(result),
        _ => Problem(result),
    };

    public static Results<Created<T>, ProblemHttpResult, ValidationProblem> Created<T>(RoomResult<T> result, Func<T, string> location) =>
        result.Outcome switch
        {
            RoomOutcome.Done => TypedResults.Created(location(result.Value!), result.Value),
            RoomOutcome.Invalid => Invalid(result),
            _ => Problem(result),
        };

    public static Results<NoContent, ProblemHttpResult, ValidationProblem> NoContent<T>(RoomResult<T> result) => result.Outcome switch
    {
        RoomOutcome.Done => TypedResults.NoContent(),
        RoomOutcome.Invalid => Invalid(result),
        _ => Problem(result),
    };

    private static ValidationProblem Invalid<T>(RoomResult<T> result) => ApiProblems.Invalid(result.Field!, result.Problem!);

    private static ProblemHttpResult Problem<T>(RoomResult<T> result) => result.Outcome switch
    {
        RoomOutcome.NotFound => ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "Room or message not found."),
        RoomOutcome.Forbidden => ApiProblems.Create(StatusCodes.Status403Forbidden, "room_forbidden", "Not allowed in this room.", result.Problem),
        RoomOutcome.Conflict => ApiProblems.Create(StatusCodes.Status409Conflict, "room_conflict", "The room refused the change.", result.Problem),
        RoomOutcome.TooMany => ApiProblems.Create(StatusCodes.Status429TooManyRequests, "room_rate_limited", "Too many messages.", result.Problem),
        _ => throw new InvalidOperationException($"{result.Outcome} is not a refusal."),
    };
}
