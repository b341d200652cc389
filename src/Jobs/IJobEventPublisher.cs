using Platform.Contracts.Jobs;

namespace Platform.Jobs;

/// <summary>Where <see cref="JobWriter"/> sends job events once stored (and transient progress at once); the hubs' bus implements it.</summary>
public interface IJobEventPublisher
{
    ValueTask PublishAsync(JobEvent jobEvent, string ownerId);
}

/// <summary>Tells whichever host runs a job that its cancel was requested; the hubs' bus implements it.</summary>
public interface IJobCancelSignal
{
    ValueTask SignalAsync(Guid jobId);
}
