using Platform.Contracts.Rooms;
using Platform.Storage.Outcomes;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

// Reactions: each member's emojis on a message, once each; a change reaches the room's watchers as the message as it is now.
public sealed partial class RoomService
{
    /// <summary>Adds the caller's <paramref name="emoji"/> to a message (again is no change); answers the message as they see it.</summary>
    public async Task<Outcome<ChatMessage>> AddReactionAsync(Guid userId, Guid messageId, string? emoji, CancellationToken ct)
    {
        var (message, refusal) = await ReactableAsync(userId, messageId, emoji, ct);
        if (message is null)
            return refusal!;
        if (message.Deleted)
            return RoomRefusals.Conflict("A deleted message gets no reactions.");
        var added = await store.AddReactionAsync(message.RoomId, message.Seq, userId, ReactionEmoji.Normalize(emoji!), clock.GetUtcNow(),
            Limits.MaxEmojisPerMessage, ct);
        return added switch
        {
            ReactionAdded.MessageGone => RoomRefusals.Conflict("A deleted message gets no reactions."),
            ReactionAdded.TooManyEmojis => RoomRefusals.Conflict(
                $"The message has {Limits.MaxEmojisPerMessage} different reactions (Rooms:MaxEmojisPerMessage): add one of those."),
            _ => await ReactionAnswerAsync(userId, messageId, changed: added == ReactionAdded.Added, ct),
        };
    }

    /// <summary>Takes the caller's <paramref name="emoji"/> off a message (one they had not given is no change).</summary>
    public async Task<Outcome<ChatMessage>> RemoveReactionAsync(Guid userId, Guid messageId, string? emoji, CancellationToken ct)
    {
        var (message, refusal) = await ReactableAsync(userId, messageId, emoji, ct);
        if (message is null)
            return refusal!;
        var removed = await store.RemoveReactionAsync(message.RoomId, message.Seq, userId, ReactionEmoji.Normalize(emoji!), ct);
        return await ReactionAnswerAsync(userId, messageId, removed, ct);
    }

    // A message of a room the caller cannot see is absent, whatever the emoji; then the emoji, then whether they may react.
    private async Task<(ChatMessage? Message, Refusal? Refusal)> ReactableAsync(Guid userId, Guid messageId, string? emoji,
        CancellationToken ct)
    {
        var (message, room, member) = await LoadMessageAsync(messageId, userId, ct);
        if (message is null)
            return (null, RoomRefusals.NotFound());
        if (ReactionEmoji.Problem(emoji) is { } problem)
            return (null, Refusal.Invalid("emoji", problem));
        if (!RoomRules.CanReact(room!, member))
            return (null, RoomRefusals.Forbidden(room!.ArchivedAt is null ? "Join the room to react in it." : "The room is archived: it is read-only."));
        return (message, null);
    }

    private async Task<Outcome<ChatMessage>> ReactionAnswerAsync(Guid userId, Guid messageId, bool changed, CancellationToken ct)
    {
        var now = await store.MessageAsync(messageId, userId, ct);
        if (!changed || now is null)
            return now is null ? RoomRefusals.NotFound() : now;
        return await ChangedAsync(now, userId);
    }
}
