using Marten;
using Platform.Contracts.Rooms;
using Platform.Storage.Accounts;
using Platform.Storage.Outcomes;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

// Members: joining, adding, removing and their roles; a room keeps at least one owner.
public sealed partial class RoomService
{
    public async Task<Outcome<RoomMember>> JoinAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomRefusals.NotFound();
        if (member is not null)
            return await ToContractAsync(member, ct);
        if (!RoomRules.CanJoin(room))
            return RoomRefusals.Forbidden("This room is archived: nobody joins it any more.");
        return await AddAsync(roomId, userId, RoomRole.Member, ct);
    }

    /// <summary>Moderators add members; only owners add a moderator or an owner.</summary>
    public async Task<Outcome<RoomMember>> AddMemberAsync(Guid userId, Guid roomId, AddMemberRequest request, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refused(room, member, userId, RoomRules.CanModerate, "Only the room's moderators and owners add members.") is { } refused)
            return refused;
        if (request.UserId is not { } added || await LoadUserAsync(added, ct) is not { Disabled: false })
            return Refusal.Invalid("userId", "must be the id of an active user.");
        var role = request.Role ?? RoomRole.Member;
        if (role != RoomRole.Member && !RoomRules.CanManage(member))
            return RoomRefusals.Forbidden("Only the room's owners give the moderator or owner role.");
        return await AddAsync(roomId, added, role, ct);
    }

    /// <summary>Leaves (<paramref name="removedId"/> the caller) or removes someone; the room's last owner cannot go.</summary>
    public async Task<Outcome<bool>> RemoveMemberAsync(Guid? userId, Guid roomId, Guid removedId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || userId is not null && !RoomRules.CanSee(room, member))
            return RoomRefusals.NotFound();
        if (await store.MemberAsync(roomId, removedId, ct) is not { } removed)
            return RoomRefusals.NotFound();
        if (userId is not null && !RoomRules.CanRemove(member, removed))
            return RoomRefusals.Forbidden("Moderators remove members, owners remove anyone, and anyone may leave.");
        if (removed.Role == RoomRole.Owner && (await store.MembersAsync(roomId, ct)).Count(m => m.Role == RoomRole.Owner) <= 1)
            return RoomRefusals.Conflict("The room's last owner cannot leave: make someone else an owner, or delete the room.");
        if (await store.RemoveMemberAsync(roomId, removedId, ct) is { } accessVersion)
            await publisher.PublishAsync(new RoomEvent(roomId, MemberRemoved: removedId, AccessVersion: accessVersion));
        return true;
    }

    public async Task<Outcome<RoomMember>> ChangeRoleAsync(Guid userId, Guid roomId, Guid memberId, RoomRole? role, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refused(room, member, userId, RoomRules.CanManage, "Only the room's owners change roles.") is { } refused)
            return refused;
        if (role is not { } newRole)
            return Refusal.Invalid("role", "must be member, moderator or owner.");
        if (await store.MemberAsync(roomId, memberId, ct) is not { } changed)
            return RoomRefusals.NotFound();
        if (changed.Role == RoomRole.Owner && newRole != RoomRole.Owner
            && (await store.MembersAsync(roomId, ct)).Count(m => m.Role == RoomRole.Owner) <= 1)
            return RoomRefusals.Conflict("The room needs an owner: make someone else an owner first.");
        await store.SetRoleAsync(roomId, memberId, newRole, ct);
        return await ToContractAsync(changed with { Role = newRole }, ct);
    }

    public async Task<Outcome<IReadOnlyList<RoomMember>>> MembersAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanRead(room, member))
            return RoomRefusals.NotFound();
        var members = await store.MembersAsync(roomId, ct);
        var names = await DisplayNamesAsync(members.Select(m => m.UserId), ct);
        var markers = RoomRules.CanSeeReadMarkers(member);
        return members.Select(m => ToContract(m, names, markers)).ToList();
    }

    private async Task<Outcome<RoomMember>> AddAsync(Guid roomId, Guid userId, RoomRole role, CancellationToken ct) =>
        await store.AddMemberAsync(roomId, userId, role, clock.GetUtcNow(), Limits.MaxMembersPerRoom, ct)
            ? await ToContractAsync((await store.MemberAsync(roomId, userId, ct))!, ct)
            : RoomRefusals.Conflict($"The room has {Limits.MaxMembersPerRoom} members (Rooms:MaxMembersPerRoom).");

    private async Task<UserAccount?> LoadUserAsync(Guid userId, CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        return await session.LoadAsync<UserAccount>(userId, ct);
    }

    private async Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(IEnumerable<Guid> userIds, CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        var users = await session.LoadManyAsync<UserAccount>(ct, userIds.Distinct().ToArray());
        return users.ToDictionary(u => u.Id, u => u.DisplayName);
    }

    // Answers to joining, adding and changing a role go to members (or admins): the read marker is theirs to see.
    private async Task<RoomMember> ToContractAsync(MemberRecord member, CancellationToken ct) =>
        ToContract(member, await DisplayNamesAsync([member.UserId], ct), withReadMarker: true);

    private static RoomMember ToContract(MemberRecord member, IReadOnlyDictionary<Guid, string> names, bool withReadMarker) =>
        new(member.UserId, names.GetValueOrDefault(member.UserId, ""), member.Role, member.JoinedAt, withReadMarker ? member.LastReadSeq : null);
}
