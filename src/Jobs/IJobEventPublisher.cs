using Platform.Contracts.Jobs;

namespace Platform.Jobs;

/// <summary>Where <see cref="JobWriter"/> sends job events once stored (and transient progress at once); the hubs' bus implements it.</summary>
public interface IJobEventPublisher
{
    ValueTask PublishAsync(JobEvent jobEvent, string ownerId);

    /// <summary>Events committed together, in the order given, sent together where the bus can: one message for a whole commit.</summary>
    ValueTask PublishAsync(IReadOnlyList<OwnedJobEvent> events);
}

/// <summary>A job event with the user whose job it is, which decides who may watch it.</summary>
public sealed record OwnedJobEvent(JobEvent Event, string OwnerId);

/// <summary>Tells whichever host runs a job that its cancel was requested; the hubs' bus implements it.</summary>
public interface IJobCancelSignal
{
    ValueTask SignalAsync(Guid jobId);
}
