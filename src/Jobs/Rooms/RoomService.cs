using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Options;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Storage.Outcomes;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>
/// Stored rooms for REST and the hub alike: every check of <see cref="RoomRules"/> is made here, every change is
/// stored first and then told to the room's watchers on every host. A caller who may not see a room gets NotFound.
/// This part holds the rooms themselves; members, messages and reactions have a part each.
/// </summary>
public sealed partial class RoomService(RoomStore store, IDocumentStore documents, IRoomEventPublisher publisher, RoomMentions mentions,
    IOptions<RoomsOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(Guid Room, Guid User), SendWindow> _sends = new();

    private RoomsOptions Limits => options.Value;

    public async Task<Outcome<Room>> CreateAsync(Guid userId, CreateRoomRequest request, CancellationToken ct)
    {
        if (NameProblem(request.Name) is { } nameProblem)
            return Refusal.Invalid("name", nameProblem);
        if (TopicProblem(request.Topic) is { } topicProblem)
            return Refusal.Invalid("topic", topicProblem);
        if (RetentionProblem(request.RetentionDays) is { } retentionProblem)
            return Refusal.Invalid("retentionDays", retentionProblem);
        var created = await store.CreateAsync(Guid.CreateVersion7(clock.GetUtcNow()), request.Name!.Trim(), Blank(request.Topic),
            request.Visibility ?? RoomVisibility.Private, request.RetentionDays, userId, clock.GetUtcNow(), Limits.MaxRoomsPerUser, ct);
        return created is null
            ? RoomRefusals.Conflict($"You own {Limits.MaxRoomsPerUser} rooms already (Rooms:MaxRoomsPerUser); delete one first.")
            : ToContract(created, RoomRole.Owner, 0);
    }

    /// <summary>A room the caller may see; with their role and unread count when they are a member.</summary>
    public async Task<Outcome<Room>> GetAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        if (await store.MembershipAsync(roomId, userId, ct) is { } mine)
            return ToContract(mine.Room, mine.Role, mine.Unread);
        var room = await store.GetAsync(roomId, ct);
        return room is not null && RoomRules.CanSee(room, member: null) ? ToContract(room, null, null) : RoomRefusals.NotFound();
    }

    public async Task<IReadOnlyList<Room>> ListMineAsync(Guid userId, CancellationToken ct) =>
        (await store.ListMineAsync(userId, ct)).Select(m => ToContract(m.Room, m.Role, m.Unread)).ToList();

    public async Task<Page<Room>> ListPublicAsync(string? search, int page, int pageSize, CancellationToken ct)
    {
        var (rooms, total) = await store.ListPublicAsync(Blank(search), page, pageSize, ct);
        return new Page<Room>(rooms.Select(r => ToContract(r, null, null)).ToList(), total, page, pageSize);
    }

    /// <summary>Every room, for admins.</summary>
    public async Task<Page<Room>> ListAllAsync(string? search, int page, int pageSize, CancellationToken ct)
    {
        var (rooms, total) = await store.ListAllAsync(Blank(search), page, pageSize, ct);
        return new Page<Room>(rooms.Select(r => ToContract(r, null, null)).ToList(), total, page, pageSize);
    }

    /// <summary>Owners change a room; an admin (<paramref name="userId"/> null) changes any.</summary>
    public async Task<Outcome<Room>> UpdateAsync(Guid? userId, Guid roomId, UpdateRoomRequest request, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refused(room, member, userId, RoomRules.CanManage, "Only the room's owners change it.") is { } refused)
            return refused;
        if (request.Name is not null && NameProblem(request.Name) is { } nameProblem)
            return Refusal.Invalid("name", nameProblem);
        if (TopicProblem(request.Topic) is { } topicProblem)
            return Refusal.Invalid("topic", topicProblem);
        if (request.RetentionDays is not 0 && RetentionProblem(request.RetentionDays) is { } retentionProblem)
            return Refusal.Invalid("retentionDays", retentionProblem);
        var updated = await store.UpdateAsync(roomId, request.Name?.Trim(), request.Topic?.Trim(), request.Visibility,
            request.RetentionDays is 0 ? null : request.RetentionDays, keepForever: request.RetentionDays is 0, request.Archived, clock.GetUtcNow(), ct);
        if (updated is { MadePrivate: true } change)
            await publisher.PublishAsync(new RoomEvent(roomId, AccessVersion: change.AccessVersion, MadePrivate: true));
        return ToContract((await store.GetAsync(roomId, ct))!, member?.Role, null);
    }

    /// <summary>Owners delete a room with its messages; an admin (<paramref name="userId"/> null) deletes any.</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid? userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refused(room, member, userId, RoomRules.CanManage, "Only the room's owners delete it.") is { } refused)
            return refused;
        await store.DeleteAsync(roomId, ct);
        await publisher.PublishAsync(new RoomEvent(roomId, Deleted: true));
        return true;
    }

    /// <summary>Whether the caller may watch the room now.</summary>
    public async Task<bool> CanReadAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        return room is not null && RoomRules.CanRead(room, member);
    }

    /// <summary>
    /// Whether the caller may tell the room's watchers they are typing (members, while the room is not archived): the room's
    /// access version when they may, for the watchers to check theirs against.
    /// </summary>
    public async Task<Outcome<long>> TypingAccessAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomRefusals.NotFound();
        return RoomRules.CanPost(room, member) ? room.AccessVersion : RoomRefusals.Forbidden("Join the room first.");
    }

    // An admin (no user) acts on any room that exists; a user only on one they see, and only as the rule allows.
    private static Refusal? Refused(RoomRecord? room, MemberRecord? member, Guid? userId, Func<MemberRecord?, bool> allowed, string reason)
    {
        if (room is null || userId is not null && !RoomRules.CanSee(room, member))
            return RoomRefusals.NotFound();
        return userId is null || allowed(member) ? null : RoomRefusals.Forbidden(reason);
    }

    private Task<(RoomRecord? Room, MemberRecord? Member)> LoadAsync(Guid roomId, Guid? userId, CancellationToken ct) =>
        store.AccessAsync(roomId, userId, ct);

    private static Room ToContract(RoomRecord room, RoomRole? role, long? unread) => new(room.Id, room.Name, room.Topic, room.Visibility,
        room.CreatedAt, room.ArchivedAt, room.LastSeq, room.Members, room.RetentionDays, role, unread);

    private static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 ? "is required, at most 100 characters." : null;

    private static string? TopicProblem(string? topic) => topic is { Length: > 500 } ? "must be at most 500 characters." : null;

    private string? RetentionProblem(int? days) =>
        days is { } value && (value < 1 || value > Limits.MaxRetentionDays)
            ? $"must be between 1 and {Limits.MaxRetentionDays} days, or left out to keep messages for ever."
            : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
