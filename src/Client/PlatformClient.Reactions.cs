using Platform.Contracts.Rooms;

namespace Platform.Client;

// Reactions to stored rooms' messages: each answers the message as it is now, with Mine set as the caller sees it.
public sealed partial class PlatformClient
{
    /// <summary>Reacts to a message with an emoji (👍) or a :name:; reacting again changes nothing.</summary>
    public Task<ChatMessage> AddReactionAsync(Guid messageId, string emoji, CancellationToken ct = default) =>
        SendAsync<ChatMessage>(HttpMethod.Put, ReactionPath(messageId, emoji), null, ct);

    /// <summary>Takes the caller's reaction off a message; one they had not given changes nothing.</summary>
    public Task<ChatMessage> RemoveReactionAsync(Guid messageId, string emoji, CancellationToken ct = default) =>
        SendAsync<ChatMessage>(HttpMethod.Delete, ReactionPath(messageId, emoji), null, ct);

    private static string ReactionPath(Guid messageId, string emoji) => $"api/v1/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}";
}
