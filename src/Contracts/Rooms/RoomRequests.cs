namespace Platform.Contracts.Rooms;

/// <summary>Body of <c>POST /api/v1/rooms/{id}/read</c>: the newest sequence number the member has read.</summary>
public sealed record MarkReadRequest(long? Seq);
