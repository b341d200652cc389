using Platform.Contracts.Jobs;

namespace Platform.Contracts.Hubs;

/// <summary>Watching jobs live: one job with replay, or all of the caller's jobs from now on.</summary>
public interface IJobWatchingHub
{
    /// <summary>Sends every stored event after <paramref name="afterVersion"/>, then live ones.</summary>
    Task SubscribeJob(Guid jobId, long afterVersion);

    Task UnsubscribeJob(Guid jobId);

    /// <summary>Live events of every job the caller owns, from now on.</summary>
    Task SubscribeMyJobs();

    Task UnsubscribeMyJobs();
}

public interface IJobWatchingClient
{
    /// <summary>A stored event of a job this connection watches; per job, in version order.</summary>
    Task JobEvent(JobEvent jobEvent);

    /// <summary>
    /// A live progress tick of a job this connection watches, in order with its stored events. A connection that
    /// reads slower than ticks come gets the newest of a job's ticks rather than every one.
    /// </summary>
    Task JobTicked(JobTick tick);
}
