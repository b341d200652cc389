namespace Platform.Contracts.Hubs;

/// <summary>Someone who has at least one hub connection on some host.</summary>
public sealed record OnlineUser(string UserId, string DisplayName);

/// <summary>A user's first connection arrived (<see cref="Online"/>) or their last one left or expired.</summary>
public sealed record PresenceChange(string UserId, string DisplayName, bool Online, DateTimeOffset At);

/// <summary>A chat message to a room's members.</summary>
public sealed record RoomMessage(string Room, string FromUserId, string FromDisplayName, string Text, DateTimeOffset SentAt);

/// <summary>A room member is typing.</summary>
public sealed record TypingIndicator(string Room, string UserId, string DisplayName, DateTimeOffset At);
