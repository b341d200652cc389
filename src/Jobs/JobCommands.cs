using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;
using Platform.Jobs.Webhooks;
using Platform.Jobs.Model;

namespace Platform.Jobs;

/// <summary>What callers can ask of the job engine: submit a job, cancel one, retry one.</summary>
public sealed class JobCommands(
    JobHandlers handlers,
    JobStore store,
    JobWriter writer,
    IJobCancelSignal cancelSignal,
    WebhookTargets webhookTargets,
    JobsOptions options,
    TimeProvider clock)
{
    private static readonly TimeSpan FurthestRunAt = TimeSpan.FromDays(366);

    public async Task<SubmitResult> SubmitAsync(SubmitJobRequest request, string ownerId, CancellationToken ct)
    {
        var (submitted, errors) = Prepare(request, ownerId);
        if (submitted is null)
            return SubmitResult.Invalid(errors);
        var stored = await writer.SubmitAsync([(Guid.CreateVersion7(), submitted)], batch: null, idempotency: null, TimeSpan.Zero, ct);
        return SubmitResult.Accepted(stored![0].ToContract());
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
        if (request.RunAt > clock.GetUtcNow() + FurthestRunAt)
            errors["runAt"] = [$"must be within {FurthestRunAt.TotalDays:0} days."];
        if (request.MaxAttempts is < 1 or > SubmitJobRequest.MostAttempts)
            errors["maxAttempts"] = [$"must be between 1 and {SubmitJobRequest.MostAttempts}."];
        if (request.TimeoutSeconds is < 1 or > SubmitJobRequest.LongestTimeoutSeconds)
            errors["timeoutSeconds"] = [$"must be between 1 and {SubmitJobRequest.LongestTimeoutSeconds}."];
        var (webhook, webhookErrors) = request.Webhook is null ? (null, []) : webhookTargets.Check(request.Webhook);
        foreach (var (field, messages) in webhookErrors)
            errors[field] = messages;
        if (handler is null || errors.Count > 0)
            return (null, errors);

        var check = handler.Check(input);
        if (!check.IsValid)
            return (null, check.Errors);

        var now = clock.GetUtcNow();
        return (new JobSubmitted(handler.Type, check.Input!.Value, priority ?? SubmitJobRequest.DefaultPriority, ownerId, now,
            RunAt: request.RunAt > now ? request.RunAt.Value.ToUniversalTime() : null,
            MaxAttempts: request.MaxAttempts ?? options.MaxAttemptsOf(handler.Type),
            Timeout: request.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.TimeoutOf(handler.Type),
            Webhook: webhook), errors);
    }

    public async Task<CancelResult> CancelAsync(Guid jobId, string ownerId, CancellationToken ct)
    {
        var ownedByCaller = true;
        var result = await writer.AppendAsync(jobId, job =>
        {
            ownedByCaller = job.OwnerId == ownerId;
            return ownedByCaller ? JobDecisions.Cancel(job, clock.GetUtcNow()) : [];
        }, ct);

        if (result is null || !ownedByCaller)
            return new CancelResult(CancelOutcome.NotFound, null);

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
        var result = await writer.AppendAsync(jobId, job =>
        {
            ownedByCaller = job.OwnerId == ownerId;
            return ownedByCaller ? JobDecisions.Retry(job, clock.GetUtcNow()) : [];
        }, ct);

        if (result is null || !ownedByCaller)
            return new RetryResult(RetryOutcome.NotFound, null);
        return new RetryResult(result.Events.Count > 0 ? RetryOutcome.Accepted : RetryOutcome.NotRetryable, result.View.ToContract());
    }

    // A key is taken only by a committed record, which the next read finds; more rounds than this mean something else is wrong.
    private const int MaxKeyAttempts = 5;

    /// <summary>
    /// <see cref="SubmitAsync(SubmitJobRequest, string, CancellationToken)"/> under the owner's <paramref name="idempotencyKey"/>:
    /// the same request again within <see cref="JobsOptions.IdempotencyWindow"/> gets the job the first one created,
    /// a different request under the same key is refused. Without a key, a plain submit.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(SubmitJobRequest request, string ownerId, string? idempotencyKey, CancellationToken ct)
    {
        if (idempotencyKey is null)
            return await SubmitAsync(request, ownerId, ct);

        var hash = RequestHash.Of(request);
        for (var attempt = 1; ; attempt++)
        {
            var earlier = await FindLiveKeyAsync(ownerId, idempotencyKey, ct);
            if (earlier is not null)
            {
                if (earlier.RequestHash != hash || earlier.JobId is not { } jobId)
                    return SubmitResult.ReusedKey();
                // The job outlives its key unless someone deleted it by hand; then the key has nothing left to answer with.
                var job = await store.GetAsync(jobId, ct) ?? throw new InvalidOperationException($"Job {jobId} of idempotency key record {earlier.Id} is gone.");
                return SubmitResult.Replay(job.ToContract());
            }

            var (submitted, errors) = Prepare(request, ownerId);
            if (submitted is null)
                return SubmitResult.Invalid(errors);
            var jobIdToBe = Guid.CreateVersion7();
            var record = NewKeyRecord(ownerId, idempotencyKey, hash, submitted.At, jobId: jobIdToBe, batchId: null);
            var stored = await writer.SubmitAsync([(jobIdToBe, submitted)], batch: null, record, options.IdempotencyWindow, ct);
            if (stored is [var view])
                return SubmitResult.Accepted(view.ToContract());
            // A concurrent request with the same key committed first: answer as it was answered.
            if (attempt == MaxKeyAttempts)
                throw new InvalidOperationException($"Idempotency key of owner {ownerId} was taken {attempt} times without a record to replay.");
        }
    }

    /// <summary>
    /// Validates every job first and stores none unless all are valid; then stores them all, their batch and the key in one
    /// transaction. Errors name the job, e.g. <c>jobs[2].input.steps</c>.
    /// </summary>
    public async Task<BatchSubmitResult> SubmitBatchAsync(IReadOnlyList<SubmitJobRequest?>? jobs, string ownerId, string? idempotencyKey, CancellationToken ct)
    {
        if (jobs is null || jobs.Count == 0)
            return BatchSubmitResult.Invalid(new Dictionary<string, string[]> { ["jobs"] = [$"must hold 1 to {options.MaxBatchSize} jobs."] });
        if (jobs.Count > options.MaxBatchSize)
            return BatchSubmitResult.Invalid(new Dictionary<string, string[]> { ["jobs"] = [$"must hold at most {options.MaxBatchSize} jobs; this batch has {jobs.Count}."] });
        if (jobs.Any(job => job is null))
            return BatchSubmitResult.Invalid(jobs.Select((job, i) => (job, i)).Where(j => j.job is null)
                .ToDictionary(j => $"jobs[{j.i}]", _ => new[] { "is required." }));
        var requests = jobs.Select(job => job!).ToList();

        var hash = idempotencyKey is null ? null : RequestHash.Of(requests);
        for (var attempt = 1; ; attempt++)
        {
            if (idempotencyKey is not null && await FindLiveKeyAsync(ownerId, idempotencyKey, ct) is { } earlier)
            {
                if (earlier.RequestHash != hash || earlier.BatchId is not { } earlierBatchId)
                    return BatchSubmitResult.ReusedKey();
                var replayed = await store.GetBatchOwnedAsync(earlierBatchId, ownerId, ct)
                    ?? throw new InvalidOperationException($"Batch {earlierBatchId} of idempotency key record {earlier.Id} is gone.");
                return BatchSubmitResult.Replay(replayed);
            }

            var batchId = Guid.CreateVersion7();
            var prepared = new List<(Guid JobId, JobSubmitted Submitted)>(requests.Count);
            var errors = new Dictionary<string, string[]>();
            for (var i = 0; i < requests.Count; i++)
            {
                var (submitted, jobErrors) = Prepare(requests[i], ownerId);
                if (submitted is not null)
                    prepared.Add((Guid.CreateVersion7(), submitted with { BatchId = batchId }));
                foreach (var (field, messages) in jobErrors)
                    errors[$"jobs[{i}].{field}"] = messages;
            }
            if (errors.Count > 0)
                return BatchSubmitResult.Invalid(errors);

            var now = prepared[0].Submitted.At;
            var batch = new JobBatchRecord { Id = batchId, OwnerId = ownerId, JobIds = prepared.Select(job => job.JobId).ToList(), SubmittedAt = now };
            var record = idempotencyKey is null ? null : NewKeyRecord(ownerId, idempotencyKey, hash!, now, jobId: null, batchId);
            var stored = await writer.SubmitAsync(prepared, batch, record, options.IdempotencyWindow, ct);
            if (stored is not null)
                return BatchSubmitResult.Accepted(batch.ToContract(stored));
            if (attempt == MaxKeyAttempts)
                throw new InvalidOperationException($"Idempotency key of owner {ownerId} was taken {attempt} times without a record to replay.");
        }
    }

    private async Task<IdempotencyRecord?> FindLiveKeyAsync(string ownerId, string key, CancellationToken ct) =>
        await store.FindIdempotencyAsync(ownerId, key, ct) is { } record && !record.IsExpired(clock.GetUtcNow(), options.IdempotencyWindow)
            ? record
            : null;

    private static IdempotencyRecord NewKeyRecord(string ownerId, string key, string hash, DateTimeOffset now, Guid? jobId, Guid? batchId) => new()
    {
        Id = Guid.CreateVersion7(),
        OwnerId = ownerId,
        Key = key,
        RequestHash = hash,
        JobId = jobId,
        BatchId = batchId,
        CreatedAt = now,
    };
}

public enum RetryOutcome
{
    Accepted,
    NotRetryable,
    NotFound,
}

public sealed record RetryResult(RetryOutcome Outcome, Job? Job);

/// <param name="Replayed">The job was created by an earlier request with the same idempotency key; this is its current state.</param>
/// <param name="KeyReused">The idempotency key was used for a different request: nothing was submitted.</param>
public sealed record SubmitResult(Job? Job, IReadOnlyDictionary<string, string[]> Errors, bool Replayed = false, bool KeyReused = false)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public static SubmitResult Accepted(Job job) => new(job, NoErrors);

    public static SubmitResult Replay(Job job) => new(job, NoErrors, Replayed: true);

    public static SubmitResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);

    public static SubmitResult ReusedKey() => new(null, NoErrors, KeyReused: true);
}

/// <param name="Replayed">The batch was created by an earlier request with the same idempotency key; this is its current state.</param>
/// <param name="KeyReused">The idempotency key was used for a different request: nothing was submitted.</param>
public sealed record BatchSubmitResult(JobBatch? Batch, IReadOnlyDictionary<string, string[]> Errors, bool Replayed = false, bool KeyReused = false)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public static BatchSubmitResult Accepted(JobBatch batch) => new(batch, NoErrors);

    public static BatchSubmitResult Replay(JobBatch batch) => new(batch, NoErrors, Replayed: true);

    public static BatchSubmitResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);

    public static BatchSubmitResult ReusedKey() => new(null, NoErrors, KeyReused: true);
}

public enum CancelOutcome
{
    Accepted,
    AlreadyFinished,
    NotFound,
}

public sealed record CancelResult(CancelOutcome Outcome, Job? Job);
