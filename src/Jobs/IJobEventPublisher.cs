using Platform.Contracts.Jobs;

namespace Platform.Jobs;

/// <summary>Where job events go once stored (and transient progress at once); the hubs implement it.</summary>
public interface IJobEventPublisher
{
    ValueTask PublishAsync(JobEvent jobEvent, string ownerId);
}

/// <summary>Tells whichever host runs a job that its cancel was requested.</summary>
public interface IJobCancelSignal
{
    ValueTask SignalAsync(Guid jobId);
}

internal sealed class NoPublisher : IJobEventPublisher
{
    public ValueTask PublishAsync(JobEvent jobEvent, string ownerId) => ValueTask.CompletedTask;
}
