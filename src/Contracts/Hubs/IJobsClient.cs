using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;

namespace Platform.Contracts.Hubs;

/// <summary>What the jobs hub at <see cref="JobsHubPaths.Path"/> calls on its clients.</summary>
public interface IJobsClient
{
    /// <summary>A job this connection watches changed; per job, in version order.</summary>
    Task JobEvent(JobEvent jobEvent);

    /// <summary>A new notification of the caller's (job finished, admin broadcast), on every one of their connections.</summary>
    Task Notification(Notification notification);

    /// <summary>To everyone connected: a user came online (first connection) or went offline (last one gone or expired).</summary>
    Task PresenceChanged(PresenceChange change);
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
}

public static class JobsHubPaths
{
    public const string Path = "/hubs/jobs";
}
