using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;

namespace Platform.Contracts.Hubs;

/// <summary>What the jobs hub at <see cref="JobsHubPaths.Path"/> calls on its clients.</summary>
public interface IJobsClient
{
    /// <summary>A stored event of a job this connection watches; per job, in version order.</summary>
    Task JobEvent(JobEvent jobEvent);

    /// <summary>
    /// A live progress tick of a job this connection watches, in order with its stored events. A connection that
    /// reads slower than ticks come gets the newest of a job's ticks rather than every one.
    /// </summary>
    Task JobTicked(JobTick tick);

    /// <summary>A new notification of the caller's (job finished, admin broadcast), on every one of their connections.</summary>
    Task Notification(Notification notification);

    /// <summary>To everyone connected: a user came online (first connection) or went offline (last one gone or expired).</summary>
    Task PresenceChanged(PresenceChange change);

    /// <summary>A message sent to a room this connection has joined (the sender's own included).</summary>
    Task RoomMessage(RoomMessage message);

    /// <summary>Another member of a room this connection has joined is typing.</summary>
    Task Typing(TypingIndicator typing);

    /// <summary>A message stored in a room this connection watches: per room once each, in sequence (<see cref="Rooms.ChatMessage.Seq"/>).</summary>
    Task ChatMessage(ChatMessage message);

    /// <summary>A message of a watched room was edited or deleted: the message as it is now.</summary>
    Task ChatMessageChanged(ChatMessage message);

    /// <summary>Another member of a watched room is typing.</summary>
    Task RoomTyping(RoomTyping typing);

    /// <summary>The connection no longer watches the room (left, removed, or the room deleted).</summary>
    Task RoomLeft(RoomLeft left);

    /// <summary>To admins who watch it: the cluster's hosts and queue now, with the newest throughput point.</summary>
    Task Overview(ClusterOverview overview);
}

/// <summary>What clients may call on the jobs hub.</summary>
public interface IJobsHub
{
    /// <summary>Sends every stored event after <paramref name="afterVersion"/>, then live ones.</summary>
    Task SubscribeJob(Guid jobId, long afterVersion);

    Task UnsubscribeJob(Guid jobId);

    /// <summary>Live events of every job the caller owns, from now on.</summary>
    Task SubscribeMyJobs();

    Task UnsubscribeMyJobs();

    /// <summary>Who has a connection on any host right now.</summary>
    Task<IReadOnlyList<OnlineUser>> GetOnlineUsers();

    /// <summary>Joins a room (1–64 of a-z, 0-9, '-', '_'); rooms are open to every signed-in user.</summary>
    Task JoinRoom(string room);

    Task LeaveRoom(string room);

    /// <summary>Sends 1–4000 characters to the room's members; only members may, at most 10 a second per connection.</summary>
    Task SendToRoom(string room, string text);

    /// <summary>Tells the room's other members the caller is typing; only members may.</summary>
    Task Typing(string room);

    /// <summary>
    /// Watches a stored room the caller may read: every message after <paramref name="afterSeq"/>, then each new one, in
    /// sequence and once. A private room of others is answered as not found.
    /// </summary>
    Task WatchRoom(Guid roomId, long afterSeq);

    Task UnwatchRoom(Guid roomId);

    /// <summary>Stores a message in a room the caller is a member of and delivers it to its watchers; answers the stored message.</summary>
    Task<ChatMessage> PostToRoom(Guid roomId, string text);

    /// <summary>Tells the room's other watchers the caller is typing; members only, passed on at most every Hubs:TypingInterval.</summary>
    Task TypingInRoom(Guid roomId);

    /// <summary>Admins only: the cluster's overview now, with its recent throughput, then a push of it every few seconds.</summary>
    Task<ClusterOverview> WatchOverview();

    Task UnwatchOverview();
}

public static class JobsHubPaths
{
    public const string Path = "/hubs/jobs";
}
