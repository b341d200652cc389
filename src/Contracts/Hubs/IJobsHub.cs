namespace Platform.Contracts.Hubs;

/// <summary>What clients may call on the jobs hub: every feature's methods, each declared with its feature.</summary>
public interface IJobsHub : IJobWatchingHub, IPresenceHub, IRoomsHub, IOverviewHub;

/// <summary>What the jobs hub at <see cref="JobsHubPaths.Path"/> calls on its clients: every feature's events.</summary>
public interface IJobsClient : IJobWatchingClient, INotificationsClient, IPresenceClient, IRoomsClient, IOverviewClient;

public static class JobsHubPaths
{
    public const string Path = "/hubs/jobs";
}
