using Platform.Contracts.Jobs;
using Platform.Jobs.Credits;
using Platform.Jobs.Model;
using Platform.Jobs.Rooms;
using Platform.Jobs.Types;
using Platform.Jobs.Webhooks;
using Platform.Storage.Outcomes;
using Platform.Storage.Projects;

namespace Platform.Jobs;

/// <summary>
/// What callers can ask of the job engine: submit a job or a batch (<c>JobCommands.Submit.cs</c>, checked in
/// <c>JobCommands.Prepare.cs</c>), cancel one, retry one, or either of many for admins (<c>JobCommands.Many.cs</c>).
/// </summary>
public sealed partial class JobCommands(
    JobTypeCatalog types,
    JobStore store,
    JobWriter writer,
    QueueQuota quota,
    CreditGate credits,
    IJobCancelSignal cancelSignal,
    WebhookTargets webhookTargets,
    IJobRoomAccess rooms,
    JobFileInputs fileInputs,
    ProjectGate projects,
    JobsOptions options,
    TimeProvider clock)
{
    /// <summary>Cancels the caller's job: a queued one at once, a running one by asking the host that runs it.</summary>
    public async Task<Outcome<Job>> CancelAsync(Guid jobId, string ownerId, CancellationToken ct) =>
        (await CancelledAsync(jobId, await DecideOwnedAsync(jobId, ownerId, JobDecisions.Cancel, ct))).Outcome;

    /// <summary>
    /// Runs a failed or cancelled job again, with a fresh set of attempts, within the quota of the owner's <paramref name="plan"/>;
    /// a priced job holds the most its new attempts can cost, or is refused.
    /// </summary>
    public async Task<Outcome<Job>> RetryAsync(Guid jobId, string ownerId, string? plan, CancellationToken ct)
    {
        if (await store.GetOwnedAsync(jobId, ownerId, ct) is not { } job)
            return JobRefusals.NotFound(jobId);
        // A retried job stays in its project, so an archived project refuses it as it refuses a new job.
        if (IsRetryable(job) && job.ProjectId is { } projectId && await projects.RefusalAsync(projectId, ownerId, ct) is { } archived)
            return archived;
        if (IsRetryable(job) && await quota.RefusalAsync(ownerId, plan, adding: 1, ct) is { } refusal)
            return refusal;
        if (job.Price is not null)
            await credits.GrantAllowanceAsync(ownerId, plan, ct);
        return (await RetriedAsync(jobId, await DecideOwnedAsync(jobId, ownerId, JobDecisions.Retry, ct), ct)).Outcome;
    }

    private bool IsRetryable(JobView job) => JobDecisions.Retry(job, clock.GetUtcNow()).Count > 0;

    private async Task<JobAction> CancelledAsync(Guid jobId, AppendResult? result)
    {
        if (result is null)
            return new JobAction(JobRefusals.NotFound(jobId), null);
        var job = result.View;
        if (job.Status == JobStatus.Cancelling)
            await cancelSignal.SignalAsync(job.Id);
        var now = job.ToContract();
        return new JobAction(job.Status.IsFinished() && result.Events.Count == 0 ? JobRefusals.Finished(now) : now, now);
    }

    private async Task<JobAction> RetriedAsync(Guid jobId, AppendResult? result, CancellationToken ct)
    {
        if (result is null)
            return new JobAction(JobRefusals.NotFound(jobId), null);
        var (job, now) = (result.View, result.View.ToContract());
        if (result.CreditsShort)
            return new JobAction(await credits.ShortAsync(job.OwnerId, JobCosts.MostFor(job.Price, job.Timeout, job.MaxAttempts), ct), now);
        return new JobAction(result.Events.Count > 0 ? now : JobRefusals.NotRetryable(now), now);
    }

    // A caller's decision about their own job; another owner's job is left alone and answered as absent (null).
    private async Task<AppendResult?> DecideOwnedAsync(Guid jobId, string ownerId, Func<JobView, DateTimeOffset, IReadOnlyList<object>> decide,
        CancellationToken ct)
    {
        var ownedByCaller = true;
        var result = await writer.AppendAsync(jobId, job =>
        {
            ownedByCaller = job.OwnerId == ownerId;
            return ownedByCaller ? decide(job, clock.GetUtcNow()) : [];
        }, ct);
        return ownedByCaller ? result : null;
    }
}
