using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;
using Platform.Storage.Jobs;

namespace Platform.Jobs;

/// <summary>What callers can ask of the job engine: submit a job, cancel one, retry one.</summary>
public sealed class JobCommands(
    JobHandlers handlers,
    JobStore store,
    IJobEventPublisher publisher,
    IJobCancelSignal cancelSignal,
    JobsOptions options)
{
    private static readonly TimeSpan FurthestRunAt = TimeSpan.FromDays(366);

    public Task<SubmitResult> SubmitAsync(string? type, JsonElement? input, int? priority, string ownerId, CancellationToken ct) =>
        SubmitAsync(new SubmitJobRequest(type!, input, priority), ownerId, ct);

    public async Task<SubmitResult> SubmitAsync(SubmitJobRequest request, string ownerId, CancellationToken ct)
    {
        var (submitted, errors) = Prepare(request, ownerId);
        if (submitted is null)
            return SubmitResult.Invalid(errors);
        var (view, stored) = await store.SubmitAsync(Guid.CreateVersion7(), submitted, ct);
        await publisher.PublishAsync(stored, ownerId);
        return SubmitResult.Accepted(view.ToContract());
    }

    /// <summary>The event that submitting <paramref name="request"/> now would store, or why it cannot be submitted.</summary>
    public (JobSubmitted? Submitted, IReadOnlyDictionary<string, string[]> Errors) Prepare(SubmitJobRequest request, string ownerId)
    {
        var (type, input, priority) = (request.Type, request.Input, request.Priority);
        var errors = new Dictionary<string, string[]>();
        var handler = string.IsNullOrWhiteSpace(type) ? null : handlers.Find(type);
        if (string.IsNullOrWhiteSpace(type))
            errors["type"] = ["is required."];
        else if (handler is null)
            errors["type"] = [$"'{type}' is not a job type; known types: {string.Join(", ", handlers.Types.Order())}."];
        if (priority is < SubmitJobRequest.LowestPriority or > SubmitJobRequest.HighestPriority)
            errors["priority"] = [$"must be between {SubmitJobRequest.LowestPriority} and {SubmitJobRequest.HighestPriority}."];
        if (request.RunAt > DateTimeOffset.UtcNow + FurthestRunAt)
            errors["runAt"] = [$"must be within {FurthestRunAt.TotalDays:0} days."];
        if (request.MaxAttempts is < 1 or > SubmitJobRequest.MostAttempts)
            errors["maxAttempts"] = [$"must be between 1 and {SubmitJobRequest.MostAttempts}."];
        if (request.TimeoutSeconds is < 1 or > SubmitJobRequest.LongestTimeoutSeconds)
            errors["timeoutSeconds"] = [$"must be between 1 and {SubmitJobRequest.LongestTimeoutSeconds}."];
        if (handler is null || errors.Count > 0)
            return (null, errors);

        var check = handler.Check(input);
        if (!check.IsValid)
            return (null, check.Errors);

        var now = DateTimeOffset.UtcNow;
        return (new JobSubmitted(handler.Type, check.Input!.Value, priority ?? SubmitJobRequest.DefaultPriority, ownerId, now,
            RunAt: request.RunAt > now ? request.RunAt.Value.ToUniversalTime() : null,
            MaxAttempts: request.MaxAttempts ?? options.MaxAttemptsOf(handler.Type),
            Timeout: request.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.TimeoutOf(handler.Type)), errors);
    }

    public async Task<CancelResult> CancelAsync(Guid jobId, string ownerId, CancellationToken ct)
    {
        var ownedByCaller = true;
        var result = await store.AppendAsync(jobId, job =>
        {
            ownedByCaller = job.OwnerId == ownerId;
            if (!ownedByCaller)
                return [];
            return job.Status switch
            {
                JobStatus.Queued => [new JobCancelled("cancelled before it started", DateTimeOffset.UtcNow)],
                JobStatus.Running => [new JobCancelRequested(DateTimeOffset.UtcNow)],
                _ => [],
            };
        }, ct);

        if (result is null || !ownedByCaller)
            return new CancelResult(CancelOutcome.NotFound, null);
        await publisher.PublishAsync(result);

        var job = result.View;
        if (job.Status == JobStatus.Cancelling)
            await cancelSignal.SignalAsync(jobId);
        var outcome = job.Status.IsFinished() && result.Events.Count == 0 ? CancelOutcome.AlreadyFinished : CancelOutcome.Accepted;
        return new CancelResult(outcome, job.ToContract());
    }

    /// <summary>Runs a failed or cancelled job again, with a fresh set of attempts.</summary>
    public async Task<RetryResult> RetryAsync(Guid jobId, string ownerId, CancellationToken ct)
    {
        var ownedByCaller = true;
        var result = await store.AppendAsync(jobId, job =>
        {
            ownedByCaller = job.OwnerId == ownerId;
            return ownedByCaller && job.Status is JobStatus.Failed or JobStatus.Cancelled ? [new JobRetried(DateTimeOffset.UtcNow)] : [];
        }, ct);

        if (result is null || !ownedByCaller)
            return new RetryResult(RetryOutcome.NotFound, null);
        await publisher.PublishAsync(result);
        return new RetryResult(result.Events.Count > 0 ? RetryOutcome.Accepted : RetryOutcome.NotRetryable, result.View.ToContract());
    }
}

public enum RetryOutcome
{
    Accepted,
    NotRetryable,
    NotFound,
}

public sealed record RetryResult(RetryOutcome Outcome, Job? Job);

public sealed record SubmitResult(Job? Job, IReadOnlyDictionary<string, string[]> Errors)
{
    public static SubmitResult Accepted(Job job) => new(job, new Dictionary<string, string[]>());

    public static SubmitResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}

public enum CancelOutcome
{
    Accepted,
    AlreadyFinished,
    NotFound,
}

public sealed record CancelResult(CancelOutcome Outcome, Job? Job);
