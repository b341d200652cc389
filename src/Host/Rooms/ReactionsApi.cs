using Platform.Contracts.Rooms;
using Platform.Jobs.Rooms;

namespace Platform.Host.Rooms;

/// <summary>
/// Reactions under <c>/api/v1/messages/{id}/reactions/{emoji}</c> (the emoji percent-encoded): both answer the message
/// as it is now, as the caller sees it, and a change reaches the room's watchers as <c>ChatMessageChanged</c>.
/// </summary>
public static class ReactionsApi
{
    public static RouteGroupBuilder MapReactions(this RouteGroupBuilder messages)
    {
        messages.MapPut("/{id:guid}/reactions/{emoji}", AddAsync)
            .Describe("AddMessageReaction", "React to a message with an emoji or a :name: (members, room not archived); reacting again changes nothing")
            .RequireAuthorization(Scopes.JobsWrite);
        messages.MapDelete("/{id:guid}/reactions/{emoji}", RemoveAsync)
            .Describe("RemoveMessageReaction", "Take your reaction off a message; one you had not given changes nothing")
            .RequireAuthorization(Scopes.JobsWrite);
        return messages;
    }

    private static async Task<Results<Ok<ChatMessage>, ProblemHttpResult, ValidationProblem>> AddAsync(Guid id, string emoji, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.AddReactionAsync(caller.UserIdOf(), id, emoji, ct)).Ok();

    private static async Task<Results<Ok<ChatMessage>, ProblemHttpResult, ValidationProblem>> RemoveAsync(Guid id, string emoji, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.RemoveReactionAsync(caller.UserIdOf(), id, emoji, ct)).Ok();
}
