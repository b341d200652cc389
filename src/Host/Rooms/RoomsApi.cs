using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Host.Jobs;
using Platform.Hubs.Presence;
using Platform.Jobs.Rooms;

namespace Platform.Host.Rooms;

/// <summary>
/// Stored rooms over REST: rooms and members, and messages kept with their history. Everything posted here reaches the
/// room's watchers on the hub too. Another user's private room is as absent as an unknown one.
/// </summary>
public static class RoomsApi
{
    public static RouteGroupBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapApiGroup("/api/v1/rooms", "Rooms");

        rooms.MapPost("/", CreateAsync).Describe("CreateRoom", "Create a room (private unless said otherwise); you are its owner")
            .Accepts<CreateRoomRequest>("application/json").RequireAuthorization(Scopes.JobsWrite);
        rooms.MapGet("/", ListMineAsync).Describe("ListMyRooms", "The rooms you belong to, with your role and unread count")
            .RequireAuthorization(Scopes.JobsRead);
        rooms.MapGet("/public", ListPublicAsync).Describe("ListPublicRooms", "Public rooms to discover, by name; search by name")
            .RequireAuthorization(Scopes.JobsRead);
        rooms.MapGet("/{id:guid}", GetAsync).Describe("GetRoom", "A room you belong to, or a public one")
            .RequireAuthorization(Scopes.JobsRead);
        rooms.MapPatch("/{id:guid}", UpdateAsync)
            .Describe("UpdateRoom", "Owners: rename, change topic or visibility, set retention (0 keeps messages for ever), archive or unarchive")
            .Accepts<UpdateRoomRequest>("application/json").RequireAuthorization(Scopes.JobsWrite);
        rooms.MapDelete("/{id:guid}", DeleteAsync).Describe("DeleteRoom", "Owners: delete the room and its messages")
            .RequireAuthorization(Scopes.JobsWrite);
        rooms.MapPost("/{id:guid}/join", JoinAsync).Describe("JoinRoom", "Join a public room")
            .RequireAuthorization(Scopes.JobsWrite);
        rooms.MapPost("/{id:guid}/leave", LeaveAsync).Describe("LeaveRoom", "Leave a room (its last owner cannot)")
            .RequireAuthorization(Scopes.JobsWrite);
        rooms.MapGet("/{id:guid}/members", MembersAsync).Describe("ListRoomMembers", "A room's members with their roles")
            .RequireAuthorization(Scopes.JobsRead);
        rooms.MapPost("/{id:guid}/members", AddMemberAsync)
            .Describe("AddRoomMember", "Moderators add a member; owners may give the moderator or owner role")
            .Accepts<AddMemberRequest>("application/json").RequireAuthorization(Scopes.JobsWrite);
        rooms.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMemberAsync)
            .Describe("RemoveRoomMember", "Moderators remove members, owners anyone").RequireAuthorization(Scopes.JobsWrite);
        rooms.MapPut("/{id:guid}/members/{userId:guid}/role", ChangeRoleAsync).Describe("ChangeRoomMemberRole", "Owners change a member's role")
            .Accepts<ChangeMemberRoleRequest>("application/json").RequireAuthorization(Scopes.JobsWrite);
        rooms.MapGet("/{id:guid}/messages", HistoryAsync)
            .Describe("ListRoomMessages", "History in sequence order: the newest page, or the page before or after a sequence number (limit 1–Rooms:MaxPageSize)")
            .RequireAuthorization(Scopes.JobsRead);
        rooms.MapPost("/{id:guid}/messages", PostAsync).Describe("PostRoomMessage", "Post a message (members); stored, then delivered live")
            .Accepts<SendMessageRequest>("application/json").RequireAuthorization(Scopes.JobsWrite);
        rooms.MapPost("/{id:guid}/read", MarkReadAsync).Describe("MarkRoomRead", "Move your read marker forward; answers the room with its unread count")
            .Accepts<MarkReadRequest>("application/json").RequireAuthorization(Scopes.JobsWrite);

        var messages = app.MapApiGroup("/api/v1/messages", "Rooms");
        messages.MapPut("/{id:guid}", EditAsync).Describe("EditRoomMessage", "Its author edits a message")
            .Accepts<SendMessageRequest>("application/json").RequireAuthorization(Scopes.JobsWrite);
        messages.MapDelete("/{id:guid}", DeleteMessageAsync)
            .Describe("DeleteRoomMessage", "Its author, or the room's moderators, delete a message; it keeps its place, without text")
            .RequireAuthorization(Scopes.JobsWrite);
        messages.MapReactions();
        return rooms;
    }

    private static async Task<Results<Created<Room>, ProblemHttpResult, ValidationProblem>> CreateAsync(HttpRequest request, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateRoomRequest>(request, ct);
        if (body is null)
            return problem!;
        return (await rooms.CreateAsync(caller.UserIdOf(), body, ct)).Created(room => $"/api/v1/rooms/{room.Id}");
    }

    private static async Task<Ok<IReadOnlyList<Room>>> ListMineAsync(ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.ListMineAsync(caller.UserIdOf(), ct));

    private static async Task<Results<Ok<Page<Room>>, ValidationProblem>> ListPublicAsync(
        RoomService rooms, string? search, int? page, int? pageSize, CancellationToken ct) =>
        JobListQuery.PagingProblem(page, pageSize) is { } problem
            ? problem
            : TypedResults.Ok(await rooms.ListPublicAsync(search, page ?? 1, pageSize ?? 20, ct));

    private static async Task<Results<Ok<Room>, ProblemHttpResult, ValidationProblem>> GetAsync(Guid id, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.GetAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<Room>, ProblemHttpResult, ValidationProblem>> UpdateAsync(Guid id, HttpRequest request, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<UpdateRoomRequest>(request, ct);
        return body is null ? problem! : (await rooms.UpdateAsync(caller.UserIdOf(), id, body, ct)).Ok();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(Guid id, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.DeleteAsync(caller.UserIdOf(), id, ct)).NoContent();

    private static async Task<Results<Ok<RoomMember>, ProblemHttpResult, ValidationProblem>> JoinAsync(Guid id, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.JoinAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> LeaveAsync(Guid id, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.RemoveMemberAsync(caller.UserIdOf(), id, caller.UserIdOf(), ct)).NoContent();

    private static async Task<Results<Ok<IReadOnlyList<RoomMember>>, ProblemHttpResult, ValidationProblem>> MembersAsync(Guid id, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.MembersAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<RoomMember>, ProblemHttpResult, ValidationProblem>> AddMemberAsync(Guid id, HttpRequest request, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<AddMemberRequest>(request, ct);
        return body is null ? problem! : (await rooms.AddMemberAsync(caller.UserIdOf(), id, body, ct)).Ok();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveMemberAsync(Guid id, Guid userId, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.RemoveMemberAsync(caller.UserIdOf(), id, userId, ct)).NoContent();

    private static async Task<Results<Ok<RoomMember>, ProblemHttpResult, ValidationProblem>> ChangeRoleAsync(Guid id, Guid userId, HttpRequest request, ClaimsPrincipal caller, RoomService rooms,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ChangeMemberRoleRequest>(request, ct);
        return body is null ? problem! : (await rooms.ChangeRoleAsync(caller.UserIdOf(), id, userId, body.Role, ct)).Ok();
    }

    private static async Task<Results<Ok<MessagePage>, ProblemHttpResult, ValidationProblem>> HistoryAsync(Guid id, long? before, long? after, int? limit, ClaimsPrincipal caller, RoomService rooms,
        CancellationToken ct) =>
        (await rooms.HistoryAsync(caller.UserIdOf(), id, before, after, limit, ct)).Ok();

    private static async Task<Results<Created<ChatMessage>, ProblemHttpResult, ValidationProblem>> PostAsync(Guid id, HttpRequest request, ClaimsPrincipal caller, RoomService rooms, PresenceTracker people,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<SendMessageRequest>(request, ct);
        if (body is null)
            return problem!;
        return (await rooms.PostAsync(caller.UserIdOf(), await people.DisplayNameAsync(caller.OwnerId(), ct), id, body.Text, ct))
            .Created(message => $"/api/v1/rooms/{id}/messages?after={message.Seq - 1}&limit=1");
    }

    private static async Task<Results<Ok<Room>, ProblemHttpResult, ValidationProblem>> MarkReadAsync(Guid id, HttpRequest request, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<MarkReadRequest>(request, ct);
        return body is null ? problem! : (await rooms.MarkReadAsync(caller.UserIdOf(), id, body.Seq, ct)).Ok();
    }

    private static async Task<Results<Ok<ChatMessage>, ProblemHttpResult, ValidationProblem>> EditAsync(Guid id, HttpRequest request, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<SendMessageRequest>(request, ct);
        return body is null ? problem! : (await rooms.EditAsync(caller.UserIdOf(), id, body.Text, ct)).Ok();
    }

    private static async Task<Results<Ok<ChatMessage>, ProblemHttpResult, ValidationProblem>> DeleteMessageAsync(Guid id, ClaimsPrincipal caller, RoomService rooms, CancellationToken ct) =>
        (await rooms.DeleteMessageAsync(caller.UserIdOf(), id, ct)).Ok();

}
