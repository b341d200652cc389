using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Host.Jobs;
using Platform.Jobs.Rooms;

namespace Platform.Host.Admin;

/// <summary>Every stored room for admins: list, change (archive), delete, remove a member; each change recorded in the audit log.</summary>
public static class AdminRoomsApi
{
    /// <summary>Maps the room endpoints onto the admin group, which brings its tag, admin scope and rate limit.</summary>
    public static RouteGroupBuilder MapAdminRoomsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/rooms", ListAsync)
            .Describe("AdminListRooms", "Every room, public or private, newest first; search by name");
        admin.MapPatch("/rooms/{id:guid}", UpdateAsync)
            .Describe("AdminUpdateRoom", "Change any room as its owners could: rename, topic, visibility, retention, archive")
            .Accepts<UpdateRoomRequest>("application/json");
        admin.MapDelete("/rooms/{id:guid}", DeleteAsync)
            .Describe("AdminDeleteRoom", "Delete any room with its messages");
        admin.MapDelete("/rooms/{id:guid}/members/{userId:guid}", RemoveMemberAsync)
            .Describe("AdminRemoveRoomMember", "Remove anyone from any room (its last owner excepted)");
        return admin;
    }

    private static async Task<Results<Ok<Page<Room>>, ValidationProblem>> ListAsync(
        RoomService rooms, string? search, int? page, int? pageSize, CancellationToken ct) =>
        JobListQuery.PagingProblem(page, pageSize) is { } problem
            ? problem
            : TypedResults.Ok(await rooms.ListAllAsync(search, page ?? 1, pageSize ?? 20, ct));

    private static async Task<Results<Ok<Room>, ProblemHttpResult, ValidationProblem>> UpdateAsync(Guid id, HttpRequest request, ClaimsPrincipal caller, RoomService rooms, AuditLog audit,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<UpdateRoomRequest>(request, ct);
        if (body is null)
            return problem!;
        var updated = await rooms.UpdateAsync(userId: null, id, body, ct);
        await RecordAsync(audit, caller, AuditActions.RoomChangedByAdmin, id, updated, $"room {id}: {Describe(body)}");
        return updated.Ok();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(Guid id, ClaimsPrincipal caller, RoomService rooms, AuditLog audit, CancellationToken ct)
    {
        var deleted = await rooms.DeleteAsync(userId: null, id, ct);
        await RecordAsync(audit, caller, AuditActions.RoomDeletedByAdmin, id, deleted, $"room {id}");
        return deleted.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveMemberAsync(Guid id, Guid userId, ClaimsPrincipal caller, RoomService rooms, AuditLog audit,
        CancellationToken ct)
    {
        var removed = await rooms.RemoveMemberAsync(userId: null, id, userId, ct);
        await RecordAsync(audit, caller, AuditActions.RoomMemberRemovedByAdmin, id, removed, $"room {id}: member {userId}", subject: userId);
        return removed.NoContent();
    }

    // Unknown rooms are not recorded: nothing was done to anyone.
    private static async Task RecordAsync<T>(AuditLog audit, ClaimsPrincipal caller, string action, Guid roomId, Outcome<T> result, string detail,
        Guid? subject = null)
    {
        if (result.Refusal is { Kind: RefusalKind.NotFound })
            return;
        var recorded = result.Refusal is { } refusal ? $"{detail}: {Why(refusal)}" : detail;
        await audit.RecordAsync(action, caller.UserIdOf(), subject, result.Succeeded, recorded);
    }

    // The refusal's detail, or what is wrong with the field at fault.
    private static string Why(Refusal refusal) => refusal.Detail ?? string.Join(" ", refusal.Errors.Values.SelectMany(messages => messages));

    private static string Describe(UpdateRoomRequest change) => string.Join(", ", new[]
    {
        change.Name is null ? null : $"name \"{change.Name}\"",
        change.Topic is null ? null : "topic",
        change.Visibility is null ? null : $"visibility {change.Visibility}",
        change.RetentionDays is null ? null : $"retention {change.RetentionDays} days",
        change.Archived is null ? null : change.Archived.Value ? "archived" : "unarchived",
    }.Where(part => part is not null));
}
