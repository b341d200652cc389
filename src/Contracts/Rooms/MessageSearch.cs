namespace Platform.Contracts.Rooms;

/// <summary>
/// A message found by <c>GET /api/v1/messages/search</c>, with the room it is in. <see cref="Snippet"/> is plain text:
/// the whole message when it is short, else the passages around the matches joined by " … ". <see cref="Highlights"/>
/// are the matched words in it, to be marked by whoever shows it (the snippet holds no markup of its own).
/// </summary>
public sealed record MessageSearchHit(Guid RoomId, string RoomName, ChatMessage Message, string Snippet, IReadOnlyList<Highlight> Highlights);

/// <summary>A span of a snippet, in UTF-16 code units as .NET and JavaScript index strings: <c>snippet.substring(start, start + length)</c>.</summary>
public sealed record Highlight(int Start, int Length);
