using Platform.Contracts.Rooms;
using Platform.Storage.Outcomes;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

// Messages: posting at a member's pace, history pages, editing, deleting, and each member's read marker.
public sealed partial class RoomService
{
    /// <summary>Stores a member's message as the room's next and tells every watcher; at most Rooms:MessagesPerSecond per member and room.</summary>
    public async Task<Outcome<ChatMessage>> PostAsync(Guid userId, string displayName, Guid roomId, string? text, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomRefusals.NotFound();
        if (TextProblem(text) is { } problem)
            return Refusal.Invalid("text", problem);
        if (!RoomRules.CanPost(room, member))
            return RoomRefusals.Forbidden(room.ArchivedAt is null ? "Join the room before posting to it." : "The room is archived: it is read-only.");
        ForgetIdleSenders();
        if (!_sends.GetOrAdd((roomId, userId), _ => new SendWindow()).TryTake(clock.GetUtcNow(), Limits.MessagesPerSecond))
            return RoomRefusals.TooMany($"At most {Limits.MessagesPerSecond} messages a second to one room (Rooms:MessagesPerSecond).");
        var posted = await AppendAsync(roomId, userId, displayName, text!, ct);
        if (posted.Succeeded)
            await mentions.NotifyAsync(posted.Value, room.Name);
        return posted;
    }

    /// <summary>A page of history: the newest when neither bound is given, else the page before or after a sequence number.</summary>
    public async Task<Outcome<MessagePage>> HistoryAsync(Guid userId, Guid roomId, long? before, long? after, int? limit, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanRead(room, member))
            return RoomRefusals.NotFound();
        if (before is not null && after is not null)
            return Refusal.Invalid("before", "give before or after, not both.");
        if (limit is { } asked && (asked < 1 || asked > Limits.MaxPageSize))
            return Refusal.Invalid("limit", $"must be between 1 and {Limits.MaxPageSize}.");
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
        return new MessagePage(messages, older ? first : null, newer ? last : null);
    }

    public async Task<Outcome<ChatMessage>> EditAsync(Guid userId, Guid messageId, string? text, CancellationToken ct)
    {
        var (message, room, member) = await LoadMessageAsync(messageId, userId, ct);
        if (message is null)
            return RoomRefusals.NotFound();
        if (TextProblem(text) is { } problem)
            return Refusal.Invalid("text", problem);
        if (!RoomRules.CanEdit(room!, member, message))
            return RoomRefusals.Forbidden("Only its author edits a message, while a member of the room and the room is not archived.");
        var edited = await ChangedAsync(await store.EditAsync(messageId, text!, clock.GetUtcNow(), userId, ct), userId);
        // Members it names for the first time are told; one it named before is not told again (RoomMentions).
        if (edited.Succeeded)
            await mentions.NotifyAsync(edited.Value, room!.Name);
        return edited;
    }

    public async Task<Outcome<ChatMessage>> DeleteMessageAsync(Guid userId, Guid messageId, CancellationToken ct)
    {
        var (message, _, member) = await LoadMessageAsync(messageId, userId, ct);
        if (message is null)
            return RoomRefusals.NotFound();
        if (!RoomRules.CanDelete(member, message))
            return RoomRefusals.Forbidden("Its author, the room's moderators and owners delete a message, while members of the room.");
        return await ChangedAsync(await store.DeleteMessageAsync(messageId, clock.GetUtcNow(), ct), viewer: null);
    }

    /// <summary>Moves the member's read marker forward to <paramref name="seq"/>; answers the room with its unread count.</summary>
    public async Task<Outcome<Room>> MarkReadAsync(Guid userId, Guid roomId, long? seq, CancellationToken ct)
    {
        var (room, member) = await LoadAsync(roomId, userId, ct);
        if (room is null || !RoomRules.CanSee(room, member))
            return RoomRefusals.NotFound();
        if (seq is not (>= 0 and { } marker))
            return Refusal.Invalid("seq", "must be 0 or more.");
        if (member is null)
            return RoomRefusals.Forbidden("Only members have a read marker.");
        await store.MarkReadAsync(roomId, userId, marker, ct);
        return await GetAsync(userId, roomId, ct);
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

    private async Task<Outcome<ChatMessage>> AppendAsync(Guid roomId, Guid authorId, string authorName, string text, CancellationToken ct)
    {
        if (await store.AppendAsync(roomId, ChatMessageKind.User, authorId, authorName, text, null, clock.GetUtcNow(), ct) is not (var stored, var accessVersion))
            return RoomRefusals.Forbidden("The room is archived: it is read-only.");
        await publisher.PublishAsync(new RoomEvent(roomId, stored, AccessVersion: accessVersion));
        return stored;
    }

    // The change reaches every watcher; its reactions' Mine is as the caller who made it sees them (RoomEvent.Viewer).
    // The access version is read once the change is stored, so a watcher who lost access before it is asked again.
    private async Task<Outcome<ChatMessage>> ChangedAsync(ChatMessage? changed, Guid? viewer)
    {
        if (changed is null)
            return RoomRefusals.NotFound();
        if (await store.AccessVersionAsync(changed.RoomId, CancellationToken.None) is { } accessVersion)
            await publisher.PublishAsync(new RoomEvent(changed.RoomId, changed, Changed: true, Viewer: viewer, AccessVersion: accessVersion));
        return changed;
    }

    // A message of a room the caller cannot see is as absent as an unknown one.
    private async Task<(ChatMessage? Message, RoomRecord? Room, MemberRecord? Member)> LoadMessageAsync(Guid messageId, Guid userId, CancellationToken ct)
    {
        if (await store.MessageAsync(messageId, userId, ct) is not { } message)
            return (null, null, null);
        var (room, member) = await LoadAsync(message.RoomId, userId, ct);
        return room is not null && RoomRules.CanRead(room, member) ? (message, room, member) : (null, null, null);
    }

    private string? TextProblem(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Length > Limits.MaxMessageLength ? $"must be 1 to {Limits.MaxMessageLength} characters." : mentions.Problem(text);
}
