using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.Options;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Storage.Accounts;
using Platform.Storage.Rooms;

namespace Platform.Hubs.Rooms;

/// <summary>
/// Stored rooms for REST and the hub alike: every check of <see cref="RoomRules"/> is made here, every change is
/// stored first and then told to the room's watchers on every host. A caller who may not see a room gets NotFound.
/// </summary>
public sealed partial class RoomService(RoomStore store, IDocumentStore documents, IRoomEventPublisher publisher, RoomMentions mentions,
    IOptions<RoomsOptions> options, IOptions<HubLimits> hubLimits, TimeProvider clock) : IConnectionState
{
    private readonly ConcurrentDictionary<(Guid Room, Guid User), SendWindow> _sends = new();
    private readonly ConcurrentDictionary<(string Connection, Guid Room), DateTimeOffset> _typing = new();

    private RoomsOptions Limits => options.Value;

    public async Task<RoomResult<Room>> CreateAsync(Guid userId, CreateRoomRequest request, CancellationToken ct)
    {
        if (NameProblem(request.Name) is { } nameProblem)
            return RoomResult<Room>.Invalid("name", nameProblem);
        if (TopicProblem(request.Topic) is { } topicProblem)
            return RoomResult<Room>.Invalid("topic", topicProblem);
        if (RetentionProblem(request.RetentionDays) is { } retentionProblem)
            return RoomResult<Room>.Invalid("retentionDays", retentionProblem);
        var created = await store.CreateAsync(Guid.CreateVersion7(clock.GetUtcNow()), request.Name!.Trim(), Blank(request.Topic),
            request.Visibility ?? RoomVisibility.Private, request.RetentionDays, userId, clock.GetUtcNow(), Limits.MaxRoomsPerUser, ct);
        return created is null
            ? RoomResult<Room>.Conflict($"You own {Limits.MaxRoomsPerUser} rooms already (Rooms:MaxRoomsPerUser); delete one first.")
            : RoomResult<Room>.Ok(ToContract(created, RoomRole.Owner, 0));
    }

    /// <summary>A room the caller may see; with their role and unread count when they are a member.</summary>
    public async Task<RoomResult<Room>> GetAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        if (await store.MembershipAsync(roomId, userId, ct) is { } mine)
            return RoomResult<Room>.Ok(ToContract(mine.Room, mine.Role, mine.Unread));
        var room = await store.GetAsync(roomId, ct);
        return room is not null && RoomRules.CanSee(room, member: null) ? RoomResult<Room>.Ok(ToContract(room, null, null)) : RoomResult<Room>.NotFound();
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
    public async Task<RoomResult<Room>> UpdateAsync(Guid? userId, Guid roomId, UpdateRoomRequest request, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refusal<Room>(room, member, userId, RoomRules.CanManage, "Only the room's owners change it.") is { } refused)
            return refused;
        if (request.Name is not null && NameProblem(request.Name) is { } nameProblem)
            return RoomResult<Room>.Invalid("name", nameProblem);
        if (TopicProblem(request.Topic) is { } topicProblem)
            return RoomResult<Room>.Invalid("topic", topicProblem);
        if (request.RetentionDays is not 0 && RetentionProblem(request.RetentionDays) is { } retentionProblem)
            return RoomResult<Room>.Invalid("retentionDays", retentionProblem);
        var updated = await store.UpdateAsync(roomId, request.Name?.Trim(), request.Topic?.Trim(), request.Visibility,
            request.RetentionDays is 0 ? null : request.RetentionDays, keepForever: request.RetentionDays is 0, request.Archived, clock.GetUtcNow(), ct);
        if (updated is { MadePrivate: true } change)
            await publisher.PublishAsync(new RoomEvent(roomId, AccessVersion: change.AccessVersion, MadePrivate: true));
        return RoomResult<Room>.Ok(ToContract((await store.GetAsync(roomId, ct))!, member?.Role, null));
    }

    /// <summary>Owners delete a room with its messages; an admin (<paramref name="userId"/> null) deletes any.</summary>
    public async Task<RoomResult<bool>> DeleteAsync(Guid? userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refusal<bool>(room, member, userId, RoomRules.CanManage, "Only the room's owners delete it.") is { } refused)
            return refused;
        await store.DeleteAsync(roomId, ct);
        await publisher.PublishAsync(new RoomEvent(roomId, Deleted: true));
        return RoomResult<bool>.Ok(true);
    }

    public async Task<RoomResult<RoomMember>> JoinAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomResult<RoomMember>.NotFound();
        if (member is not null)
            return RoomResult<RoomMember>.Ok(await ToContractAsync(member, ct));
        if (!RoomRules.CanJoin(room))
            return RoomResult<RoomMember>.Forbidden("This room is archived: nobody joins it any more.");
        return await AddAsync(roomId, userId, RoomRole.Member, ct);
    }

    /// <summary>Moderators add members; only owners add a moderator or an owner.</summary>
    public async Task<RoomResult<RoomMember>> AddMemberAsync(Guid userId, Guid roomId, AddMemberRequest request, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refusal<RoomMember>(room, member, userId, RoomRules.CanModerate, "Only the room's moderators and owners add members.") is { } refused)
            return refused;
        if (request.UserId is not { } added || await LoadUserAsync(added, ct) is not { Disabled: false })
            return RoomResult<RoomMember>.Invalid("userId", "must be the id of an active user.");
        var role = request.Role ?? RoomRole.Member;
        if (role != RoomRole.Member && !RoomRules.CanManage(member))
            return RoomResult<RoomMember>.Forbidden("Only the room's owners give the moderator or owner role.");
        return await AddAsync(roomId, added, role, ct);
    }

    /// <summary>Leaves (<paramref name="removedId"/> the caller) or removes someone; the room's last owner cannot go.</summary>
    public async Task<RoomResult<bool>> RemoveMemberAsync(Guid? userId, Guid roomId, Guid removedId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || userId is not null && !RoomRules.CanSee(room, member))
            return RoomResult<bool>.NotFound();
        if (await store.MemberAsync(roomId, removedId, ct) is not { } removed)
            return RoomResult<bool>.NotFound();
        if (userId is not null && !RoomRules.CanRemove(member, removed))
            return RoomResult<bool>.Forbidden("Moderators remove members, owners remove anyone, and anyone may leave.");
        if (removed.Role == RoomRole.Owner && (await store.MembersAsync(roomId, ct)).Count(m => m.Role == RoomRole.Owner) <= 1)
            return RoomResult<bool>.Conflict("The room's last owner cannot leave: make someone else an owner, or delete the room.");
        if (await store.RemoveMemberAsync(roomId, removedId, ct) is { } accessVersion)
            await publisher.PublishAsync(new RoomEvent(roomId, MemberRemoved: removedId, AccessVersion: accessVersion));
        return RoomResult<bool>.Ok(true);
    }

    public async Task<RoomResult<RoomMember>> ChangeRoleAsync(Guid userId, Guid roomId, Guid memberId, RoomRole? role, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (Refusal<RoomMember>(room, member, userId, RoomRules.CanManage, "Only the room's owners change roles.") is { } refused)
            return refused;
        if (role is not { } newRole)
            return RoomResult<RoomMember>.Invalid("role", "must be member, moderator or owner.");
        if (await store.MemberAsync(roomId, memberId, ct) is not { } changed)
            return RoomResult<RoomMember>.NotFound();
        if (changed.Role == RoomRole.Owner && newRole != RoomRole.Owner
            && (await store.MembersAsync(roomId, ct)).Count(m => m.Role == RoomRole.Owner) <= 1)
            return RoomResult<RoomMember>.Conflict("The room needs an owner: make someone else an owner first.");
        await store.SetRoleAsync(roomId, memberId, newRole, ct);
        return RoomResult<RoomMember>.Ok(await ToContractAsync(changed with { Role = newRole }, ct));
    }

    public async Task<RoomResult<IReadOnlyList<RoomMember>>> MembersAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanRead(room, member))
            return RoomResult<IReadOnlyList<RoomMember>>.NotFound();
        var members = await store.MembersAsync(roomId, ct);
        var names = await DisplayNamesAsync(members.Select(m => m.UserId), ct);
        var markers = RoomRules.CanSeeReadMarkers(member);
        return RoomResult<IReadOnlyList<RoomMember>>.Ok(members.Select(m => ToContract(m, names, markers)).ToList());
    }

    /// <summary>Stores a member's message as the room's next and tells every watcher; at most Rooms:MessagesPerSecond per member and room.</summary>
    public async Task<RoomResult<ChatMessage>> PostAsync(Guid userId, string displayName, Guid roomId, string? text, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomResult<ChatMessage>.NotFound();
        if (TextProblem(text) is { } problem)
            return RoomResult<ChatMessage>.Invalid("text", problem);
        if (!RoomRules.CanPost(room, member))
            return RoomResult<ChatMessage>.Forbidden(room.ArchivedAt is null ? "Join the room before posting to it." : "The room is archived: it is read-only.");
        ForgetIdleSenders();
        if (!_sends.GetOrAdd((roomId, userId), _ => new SendWindow()).TryTake(clock.GetUtcNow(), Limits.MessagesPerSecond))
            return RoomResult<ChatMessage>.TooMany($"At most {Limits.MessagesPerSecond} messages a second to one room (Rooms:MessagesPerSecond).");
        var posted = await AppendAsync(roomId, ChatMessageKind.User, userId, displayName, text!, null, ct);
        if (posted.Value is { } message)
            await mentions.NotifyAsync(message, room.Name);
        return posted;
    }

    /// <summary>A message the platform posts (a job's progress or result); stored and delivered like any other.</summary>
    public async Task<ChatMessage?> PostSystemAsync(Guid roomId, string text, Guid? jobId, CancellationToken ct) =>
        (await AppendAsync(roomId, ChatMessageKind.System, null, null, text.Length > Limits.MaxMessageLength ? text[..Limits.MaxMessageLength] : text, jobId, ct)).Value;

    /// <summary>A page of history: the newest when neither bound is given, else the page before or after a sequence number.</summary>
    public async Task<RoomResult<MessagePage>> HistoryAsync(Guid userId, Guid roomId, long? before, long? after, int? limit, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanRead(room, member))
            return RoomResult<MessagePage>.NotFound();
        if (before is not null && after is not null)
            return RoomResult<MessagePage>.Invalid("before", "give before or after, not both.");
        if (limit is { } asked && (asked < 1 || asked > Limits.MaxPageSize))
            return RoomResult<MessagePage>.Invalid("limit", $"must be between 1 and {Limits.MaxPageSize}.");
        var size = limit ?? 50;
        var messages = after is { } afterSeq
            ? await store.AfterAsync(roomId, afterSeq, size, userId, ct)
            : await store.BeforeAsync(roomId, before ?? long.MaxValue, size, userId, ct);
        // A page says where the next ones are; a sequence number of a message removed by retention still bounds a page.
        var first = messages.Count > 0 ? messages[0].Seq : (after ?? before ?? room.LastSeq + 1);
        var last = messages.Count > 0 ? messages[^1].Seq : (after ?? (before ?? room.LastSeq + 1) - 1);
        // A page that is not full reached the end it was read towards: retention may have removed the numbers beyond it.
        var older = first > 1 && (after is not null || messages.Count == size);
        var newer = last < room.LastSeq && (after is null || messages.Count == size);
        return RoomResult<MessagePage>.Ok(new MessagePage(messages, older ? first : null, newer ? last : null));
    }

    public async Task<RoomResult<ChatMessage>> EditAsync(Guid userId, Guid messageId, string? text, CancellationToken ct)
    {
        var (message, room, member) = await LoadMessageAsync(messageId, userId, ct);
        if (message is null)
            return RoomResult<ChatMessage>.NotFound();
        if (TextProblem(text) is { } problem)
            return RoomResult<ChatMessage>.Invalid("text", problem);
        if (!RoomRules.CanEdit(room!, member, message))
            return RoomResult<ChatMessage>.Forbidden("Only its author edits a message, while a member of the room and the room is not archived.");
        var edited = await ChangedAsync(await store.EditAsync(messageId, text!, clock.GetUtcNow(), userId, ct), userId);
        // Members it names for the first time are told; one it named before is not told again (RoomMentions).
        if (edited.Value is { } now)
            await mentions.NotifyAsync(now, room!.Name);
        return edited;
    }

    public async Task<RoomResult<ChatMessage>> DeleteMessageAsync(Guid userId, Guid messageId, CancellationToken ct)
    {
        var (message, _, member) = await LoadMessageAsync(messageId, userId, ct);
        if (message is null)
            return RoomResult<ChatMessage>.NotFound();
        if (!RoomRules.CanDelete(member, message))
            return RoomResult<ChatMessage>.Forbidden("Its author, the room's moderators and owners delete a message, while members of the room.");
        return await ChangedAsync(await store.DeleteMessageAsync(messageId, clock.GetUtcNow(), ct), viewer: null);
    }

    /// <summary>Moves the member's read marker forward to <paramref name="seq"/>; answers the room with its unread count.</summary>
    public async Task<RoomResult<Room>> MarkReadAsync(Guid userId, Guid roomId, long? seq, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomResult<Room>.NotFound();
        if (seq is not (>= 0 and { } marker))
            return RoomResult<Room>.Invalid("seq", "must be 0 or more.");
        if (member is null)
            return RoomResult<Room>.Forbidden("Only members have a read marker.");
        await store.MarkReadAsync(roomId, userId, marker, ct);
        return await GetAsync(userId, roomId, ct);
    }

    /// <summary>Tells the room's other watchers; members only, and a connection's typing passes at most once per Hubs:TypingInterval.</summary>
    public async Task<RoomResult<bool>> TypingAsync(string connectionId, Guid userId, string displayName, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomResult<bool>.NotFound();
        if (!RoomRules.CanPost(room, member))
            return RoomResult<bool>.Forbidden("Join the room first.");
        var now = clock.GetUtcNow();
        var key = (connectionId, roomId);
        if (_typing.TryGetValue(key, out var last) && now - last < hubLimits.Value.TypingInterval)
            return RoomResult<bool>.Ok(false);
        _typing[key] = now;
        await publisher.PublishAsync(new RoomEvent(roomId, Typing: new RoomTyping(roomId, userId, displayName, now), TypingConnection: connectionId,
            AccessVersion: room.AccessVersion));
        return RoomResult<bool>.Ok(true);
    }

    /// <summary>The connection is gone: its typing throttle goes with it.</summary>
    public Task ForgetAsync(string connectionId)
    {
        foreach (var key in _typing.Keys.Where(k => k.Connection == connectionId))
            _typing.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <summary>Whether the caller may watch the room now.</summary>
    public async Task<bool> CanReadAsync(Guid userId, Guid roomId, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        return room is not null && RoomRules.CanRead(room, member);
    }

    // A window per member and room who posted in the last second is all the pace needs; older ones are dropped now and then.
    private void ForgetIdleSenders()
    {
        if (_sends.Count < 10_000)
            return;
        var now = clock.GetUtcNow();
        foreach (var (key, window) in _sends)
            if (window.IdleAt(now))
                _sends.TryRemove(key, out _);
    }

    private async Task<RoomResult<ChatMessage>> AppendAsync(Guid roomId, ChatMessageKind kind, Guid? authorId, string? authorName, string text, Guid? jobId,
        CancellationToken ct)
    {
        if (await store.AppendAsync(roomId, kind, authorId, authorName, text, jobId, clock.GetUtcNow(), ct) is not (var stored, var accessVersion))
            return RoomResult<ChatMessage>.Forbidden("The room is archived: it is read-only.");
        await publisher.PublishAsync(new RoomEvent(roomId, stored, AccessVersion: accessVersion));
        return RoomResult<ChatMessage>.Ok(stored);
    }

    // The change reaches every watcher; its reactions' Mine is as the caller who made it sees them (RoomEvent.Viewer).
    // The access version is read once the change is stored, so a watcher who lost access before it is asked again.
    private async Task<RoomResult<ChatMessage>> ChangedAsync(ChatMessage? changed, Guid? viewer)
    {
        if (changed is null)
            return RoomResult<ChatMessage>.NotFound();
        if (await store.AccessVersionAsync(changed.RoomId, CancellationToken.None) is { } accessVersion)
            await publisher.PublishAsync(new RoomEvent(changed.RoomId, changed, Changed: true, Viewer: viewer, AccessVersion: accessVersion));
        return RoomResult<ChatMessage>.Ok(changed);
    }

    private async Task<RoomResult<RoomMember>> AddAsync(Guid roomId, Guid userId, RoomRole role, CancellationToken ct) =>
        await store.AddMemberAsync(roomId, userId, role, clock.GetUtcNow(), Limits.MaxMembersPerRoom, ct)
            ? RoomResult<RoomMember>.Ok(await ToContractAsync((await store.MemberAsync(roomId, userId, ct))!, ct))
            : RoomResult<RoomMember>.Conflict($"The room has {Limits.MaxMembersPerRoom} members (Rooms:MaxMembersPerRoom).");

    // An admin (no user) acts on any room that exists; a user only on one they see, and only as the rule allows.
    private static RoomResult<T>? Refusal<T>(RoomRecord? room, MemberRecord? member, Guid? userId, Func<MemberRecord?, bool> allowed, string problem)
    {
        if (room is null || userId is not null && !RoomRules.CanSee(room, member))
            return RoomResult<T>.NotFound();
        return userId is null || allowed(member) ? null : RoomResult<T>.Forbidden(problem);
    }

    private Task<(RoomRecord? Room, MemberRecord? Member)> LoadAsync(Guid roomId, Guid? userId, CancellationToken ct) =>
        store.AccessAsync(roomId, userId, ct);

    // A message of a room the caller cannot see is as absent as an unknown one.
    private async Task<(ChatMessage? Message, RoomRecord? Room, MemberRecord? Member)> LoadMessageAsync(Guid messageId, Guid userId, CancellationToken ct)
    {
        if (await store.MessageAsync(messageId, userId, ct) is not { } message)
            return (null, null, null);
        var (room, member) = await LoadAsync(message.RoomId, userId, ct);
        return room is not null && RoomRules.CanRead(room, member) ? (message, room, member) : (null, null, null);
    }

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

    private static Room ToContract(RoomRecord room, RoomRole? role, long? unread) => new(room.Id, room.Name, room.Topic, room.Visibility,
        room.CreatedAt, room.ArchivedAt, room.LastSeq, room.Members, room.RetentionDays, role, unread);

    private string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 ? "is required, at most 100 characters." : null;

    private static string? TopicProblem(string? topic) => topic is { Length: > 500 } ? "must be at most 500 characters." : null;

    private string? RetentionProblem(int? days) =>
        days is { } value && (value < 1 || value > Limits.MaxRetentionDays)
            ? $"must be between 1 and {Limits.MaxRetentionDays} days, or left out to keep messages for ever."
            : null;

    private string? TextProblem(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Length > Limits.MaxMessageLength ? $"must be 1 to {Limits.MaxMessageLength} characters." : mentions.Problem(text);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
