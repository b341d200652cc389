namespace Platform.Contracts.Hubs;

/// <summary>Who is connected, on any host.</summary>
public interface IPresenceHub
{
    /// <summary>Who has a connection on any host right now.</summary>
    Task<IReadOnlyList<OnlineUser>> GetOnlineUsers();
}

public interface IPresenceClient
{
    /// <summary>To everyone connected: a user came online (first connection) or went offline (last one gone or expired).</summary>
    Task PresenceChanged(PresenceChange change);
}

/// <summary>Someone who has at least one hub connection on some host.</summary>
public sealed record OnlineUser(string UserId, string DisplayName);

/// <summary>A user's first connection arrived (<see cref="Online"/>) or their last one left or expired.</summary>
public sealed record PresenceChange(string UserId, string DisplayName, bool Online, DateTimeOffset At);
