using Platform.Jobs.Running;
using Quartz;

namespace Platform.Jobs.Scheduling;

/// <summary>
/// One Quartz job per platform job, keyed by the job id, so a job can never be scheduled twice and a
/// host that dies mid-run has its job recovered by another host.
/// </summary>
public sealed class JobScheduler(ISchedulerFactory schedulers)
{
    public const string Group = "jobs";

    public async Task ScheduleAsync(Guid jobId, int priority, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        var job = JobBuilder.Create<RunJob>()
            .WithIdentity(KeyOf(jobId))
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(jobId.ToString(), Group)
            .WithPriority(priority)
            .StartNow()
            .Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, cancellationToken: ct);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another writer (a reconciler on some host) scheduled it first: once is enough.
        }
    }

    public async Task<bool> IsScheduledAsync(Guid jobId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return await scheduler.Exists(KeyOf(jobId), ct);
    }

    /// <summary>Removes a job that has not started, so no worker picks it up.</summary>
    public async Task UnscheduleAsync(Guid jobId, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await scheduler.DeleteJob(KeyOf(jobId), ct);
    }

    private static JobKey KeyOf(Guid jobId) => new(jobId.ToString(), Group);
}
