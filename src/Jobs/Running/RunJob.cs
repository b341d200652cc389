using Quartz;

namespace Platform.Jobs.Running;

/// <summary>The one Quartz job: its key names the platform job, which it hands to the runner.</summary>
public sealed class RunJob(JobRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var jobId = Guid.Parse(context.JobDetail.Key.Name);
        await runner.RunAsync(jobId, context.Recovering, cancellationToken);
    }
}
