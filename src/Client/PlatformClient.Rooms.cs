using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;

namespace Platform.Client;

// Stored rooms: rooms and members, and messages kept with their history (live over PlatformLiveConnection.WatchRoomAsync).
public sealed partial class PlatformClient
{
    public Task<Room> CreateRoomAsync(CreateRoomRequest request, CancellationToken ct = default) =>
        SendAsync<Room>(HttpMethod.Post, "api/v1/rooms", request, ct);

    /// <summary>The rooms the caller belongs to, with their role and unread count.</summary>
    public Task<IReadOnlyList<Room>> ListMyRoomsAsync(CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<Room>>(HttpMethod.Get, "api/v1/rooms", null, ct);

    public Task<Page<Room>> ListPublicRoomsAsync(string? search = null, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<Room>>(HttpMethod.Get,
            $"api/v1/rooms/public?page={page}&pageSize={pageSize}{(search is null ? "" : $"&search={Uri.EscapeDataString(search)}")}", null, ct);

    public Task<Room> GetRoomAsync(Guid roomId, CancellationToken ct = default) =>
        SendAsync<Room>(HttpMethod.Get, $"api/v1/rooms/{roomId}", null, ct);

    public Task<Room> UpdateRoomAsync(Guid roomId, UpdateRoomRequest request, CancellationToken ct = default) =>
        SendAsync<Room>(HttpMethod.Patch, $"api/v1/rooms/{roomId}", request, ct);

    public Task DeleteRoomAsync(Guid roomId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/rooms/{roomId}", null, ct);

    public Task<RoomMember> JoinRoomAsync(Guid roomId, CancellationToken ct = default) =>
        SendAsync<RoomMember>(HttpMethod.Post, $"api/v1/rooms/{roomId}/join", null, ct);

    public Task LeaveRoomAsync(Guid roomId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/rooms/{roomId}/leave", null, ct);

    public Task<IReadOnlyList<RoomMember>> ListRoomMembersAsync(Guid roomId, CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<RoomMember>>(HttpMethod.Get, $"api/v1/rooms/{roomId}/members", null, ct);

    public Task<RoomMember> AddRoomMemberAsync(Guid roomId, Guid userId, RoomRole? role = null, CancellationToken ct = default) =>
        SendAsync<RoomMember>(HttpMethod.Post, $"api/v1/rooms/{roomId}/members", new AddMemberRequest(userId, role), ct);

    public Task RemoveRoomMemberAsync(Guid roomId, Guid userId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/rooms/{roomId}/members/{userId}", null, ct);

    public Task<RoomMember> ChangeRoomMemberRoleAsync(Guid roomId, Guid userId, RoomRole role, CancellationToken ct = default) =>
        SendAsync<RoomMember>(HttpMethod.Put, $"api/v1/rooms/{roomId}/members/{userId}/role", new ChangeMemberRoleRequest(role), ct);

    /// <summary>The newest page of a room's history, or the page before or after a sequence number.</summary>
    public Task<MessagePage> ListRoomMessagesAsync(Guid roomId, long? before = null, long? after = null, int? limit = null, CancellationToken ct = default)
    {
        var query = string.Join("&", new[] { ("before", before), ("after", after), ("limit", (long?)limit) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={p.Item2}"));
        return SendAsync<MessagePage>(HttpMethod.Get, $"api/v1/rooms/{roomId}/messages{(query.Length > 0 ? "?" + query : "")}", null, ct);
    }

    /// <summary>
    /// Messages matching <paramref name="q"/> (words, "a phrase", -excluded) in the rooms the caller may read, best first;
    /// optionally in one room, by one author, sent from <paramref name="from"/> up to (not including) <paramref name="to"/>.
    /// </summary>
    public Task<Page<MessageSearchHit>> SearchMessagesAsync(string q, Guid? roomId = null, Guid? authorId = null, DateTimeOffset? from = null,
        DateTimeOffset? to = null, int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        var query = new[] { ("q", q), ("roomId", roomId?.ToString()), ("authorId", authorId?.ToString()),
                ("from", from?.UtcDateTime.ToString("O")), ("to", to?.UtcDateTime.ToString("O")) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}");
        return SendAsync<Page<MessageSearchHit>>(HttpMethod.Get, $"api/v1/messages/search?{string.Join("&", query)}&page={page}&pageSize={pageSize}", null, ct);
    }

    public Task<ChatMessage> PostRoomMessageAsync(Guid roomId, string text, CancellationToken ct = default) =>
        SendAsync<ChatMessage>(HttpMethod.Post, $"api/v1/rooms/{roomId}/messages", new SendMessageRequest(text), ct);

    public Task<ChatMessage> EditRoomMessageAsync(Guid messageId, string text, CancellationToken ct = default) =>
        SendAsync<ChatMessage>(HttpMethod.Put, $"api/v1/messages/{messageId}", new SendMessageRequest(text), ct);

    public Task<ChatMessage> DeleteRoomMessageAsync(Guid messageId, CancellationToken ct = default) =>
        SendAsync<ChatMessage>(HttpMethod.Delete, $"api/v1/messages/{messageId}", null, ct);

    /// <summary>Moves the caller's read marker to <paramref name="seq"/>; answers the room with its unread count.</summary>
    public Task<Room> MarkRoomReadAsync(Guid roomId, long seq, CancellationToken ct = default) =>
        SendAsync<Room>(HttpMethod.Post, $"api/v1/rooms/{roomId}/read", new MarkReadRequest(seq), ct);
}
