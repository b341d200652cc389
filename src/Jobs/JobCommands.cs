using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Jobs.Rooms;
using Platform.Jobs.Types;
using Platform.Jobs.Webhooks;

namespace Platform.Jobs;

/// <summary>What callers can ask of the job engine: submit a job, cancel one, retry one.</summary>
public sealed class JobCommands(
    JobTypeCatalog types,
    JobStore store,
    JobWriter writer,
    QueueQuota quota,
    IJobCancelSignal cancelSignal,
    WebhookTargets webhookTargets,
    IJobRoomAccess rooms,
    JobFileInputs fileInputs,
    JobsOptions options,
    TimeProvider clock)
{
    private static readonly TimeSpan FurthestRunAt = TimeSpan.FromDays(366);

    /// <summary>Submits one job now, without an idempotency key.</summary>
    public Task<SubmitResult<Job>> SubmitAsync(SubmitJobRequest request, string ownerId, string? plan, CancellationToken ct) =>
        SubmitAsync(request, ownerId, plan, idempotencyKey: null, ct);

    /// <summary>The event that submitting <paramref name="request"/> now would store, or why it cannot be submitted.</summary>
    public async Task<(JobSubmitted? Submitted, IReadOnlyDictionary<string, string[]> Errors)> PrepareAsync(SubmitJobRequest request, string ownerId,
        CancellationToken ct)
    {
        var (type, input, priority) = (request.Type, request.Input, request.Priority);
        var errors = new FieldErrors();
        var known = !string.IsNullOrWhiteSpace(type) && types.Names.Contains(type);
        void Unknown() => errors.Add("type", $"'{type}' is not a job type; known types: {string.Join(", ", types.Names.Order())}.");
        if (errors.Required("type", type) && !known)
            Unknown();
        if (priority is { } given)
            errors.Range("priority", given, SubmitJobRequest.LowestPriority, SubmitJobRequest.HighestPriority);
        if (request.RunAt > clock.GetUtcNow() + FurthestRunAt)
            errors.Add("runAt", $"must be within {FurthestRunAt.TotalDays:0} days.");
        if (request.MaxAttempts is { } attempts)
            errors.Range("maxAttempts", attempts, 1, SubmitJobRequest.MostAttempts);
        if (request.TimeoutSeconds is { } seconds)
            errors.Range("timeoutSeconds", seconds, 1, SubmitJobRequest.LongestTimeoutSeconds);
        var (webhook, webhookErrors) = request.Webhook is null ? (null, FieldErrors.None) : webhookTargets.Check(request.Webhook);
        errors.AddAll(webhookErrors);
        var room = request.Room is null ? null : await CheckRoomAsync(request.Room, ownerId, errors, ct);
        if (!known || errors.Any)
            return (null, errors.ToDictionary());

        // An admin may remove a declared type between the two looks: then it is as unknown as any other.
        if (types.Check(type!, input) is not { } check)
        {
            Unknown();
            return (null, errors.ToDictionary());
        }
        if (!check.IsValid)
            return (null, check.Errors);
        var fileErrors = new FieldErrors(under: "input");
        var files = types.SchemaOf(type!) is { } schema ? await fileInputs.CheckAsync(schema, check.Input!.Value, ownerId, fileErrors, ct) : [];
        if (fileErrors.Any)
            return (null, fileErrors.ToDictionary());

        var now = clock.GetUtcNow();
        return (new JobSubmitted(type!, check.Input!.Value, priority ?? SubmitJobRequest.DefaultPriority, ownerId, now,
            RunAt: request.RunAt > now ? request.RunAt.Value.ToUniversalTime() : null,
            MaxAttempts: request.MaxAttempts ?? types.MaxAttemptsOf(type!),
            Timeout: request.TimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : types.TimeoutOf(type!),
            Webhook: webhook, Room: room, Files: files.Count == 0 ? null : files), FieldErrors.None);
    }

    // The room as the job keeps it, its step spelled out; what is wrong with it goes into the errors.
    private async Task<JobRoom> CheckRoomAsync(JobRoom room, string ownerId, FieldErrors errors, CancellationToken ct)
    {
        var every = room.ProgressEvery ?? JobRoom.DefaultProgressEvery;
        if (room.ProgressEvery is { } given)
            errors.Range("room.progressEvery", given, 1, 100);
        if (room.Id == Guid.Empty)
            errors.Add("room.id", "is required.");
        else if (await rooms.PostingProblemAsync(room.Id, ownerId, ct) is { } problem)
            errors.Add("room.id", problem);
        return room with { ProgressEvery = every };
    }

    /// <summary>Cancels the caller's job: a queued one at once, a running one by asking the host that runs it.</summary>
    public async Task<CancelResult> CancelAsync(Guid jobId, string ownerId, CancellationToken ct) =>
        await CancelledAsync(await DecideOwnedAsync(jobId, ownerId, JobDecisions.Cancel, ct));

    /// <summary>Runs a failed or cancelled job again, with a fresh set of attempts, within the quota of the owner's <paramref name="plan"/>.</summary>
    public async Task<RetryResult> RetryAsync(Guid jobId, string ownerId, string? plan, CancellationToken ct)
    {
        if (await store.GetOwnedAsync(jobId, ownerId, ct) is not { } job)
            return new RetryResult(RetryOutcome.NotFound, null);
        if (IsRetryable(job) && await quota.RefusalAsync(ownerId, plan, adding: 1, ct) is { } refusal)
            return new RetryResult(RetryOutcome.QuotaReached, job.ToContract(), refusal);
        return Retried(await DecideOwnedAsync(jobId, ownerId, JobDecisions.Retry, ct));
    }

    /// <summary>Cancels each job as <see cref="CancelAsync"/> does, whoever owns it; results in the order asked. For admins.</summary>
    public async Task<IReadOnlyList<CancelResult>> CancelAnyAsync(IReadOnlyList<Guid> jobIds, CancellationToken ct)
    {
        var results = new List<CancelResult>(jobIds.Count);
        foreach (var result in await DecideManyAsync(jobIds, JobDecisions.Cancel, ct))
            results.Add(await CancelledAsync(result));
        return results;
    }

    /// <summary>
    /// Retries each job as <see cref="RetryAsync"/> does, whoever owns it, within each owner's quota: of one owner's jobs,
    /// those asked first are retried while the quota has room. Results in the order asked. For admins.
    /// </summary>
    public async Task<IReadOnlyList<RetryResult>> RetryAnyAsync(IReadOnlyList<Guid> jobIds, CancellationToken ct)
    {
        var refused = new Dictionary<Guid, RetryResult>();
        var found = (await store.GetManyAsync(jobIds, ct)).ToDictionary(job => job.Id);
        var retryable = jobIds.Select(found.GetValueOrDefault).OfType<JobView>().Where(IsRetryable);
        foreach (var owned in retryable.GroupBy(job => job.OwnerId))
        {
            var room = await quota.RoomOfOwnerAsync(owned.Key, ct);
            foreach (var job in owned.Skip(room.Left))
                refused[job.Id] = new RetryResult(RetryOutcome.QuotaReached, job.ToContract(), room.Refusal);
        }
        var admitted = jobIds.Where(jobId => !refused.ContainsKey(jobId)).ToList();
        var retried = (await DecideManyAsync(admitted, JobDecisions.Retry, ct)).Select(Retried).ToList();
        var byId = admitted.Zip(retried).ToDictionary(pair => pair.First, pair => pair.Second);
        return jobIds.Select(jobId => refused.GetValueOrDefault(jobId) ?? byId[jobId]).ToList();
    }

    private bool IsRetryable(JobView job) => JobDecisions.Retry(job, clock.GetUtcNow()).Count > 0;

    private async Task<CancelResult> CancelledAsync(AppendResult? result)
    {
        if (result is null)
            return new CancelResult(CancelOutcome.NotFound, null);
        var job = result.View;
        if (job.Status == JobStatus.Cancelling)
            await cancelSignal.SignalAsync(job.Id);
        var outcome = job.Status.IsFinished() && result.Events.Count == 0 ? CancelOutcome.AlreadyFinished : CancelOutcome.Accepted;
        return new CancelResult(outcome, job.ToContract());
    }

    private static RetryResult Retried(AppendResult? result) => result is null
        ? new RetryResult(RetryOutcome.NotFound, null)
        : new RetryResult(result.Events.Count > 0 ? RetryOutcome.Accepted : RetryOutcome.NotRetryable, result.View.ToContract());

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

    // The same decision about many jobs of any owners, in one commit when none of them changes meanwhile.
    private Task<IReadOnlyList<AppendResult?>> DecideManyAsync(IReadOnlyList<Guid> jobIds, Func<JobView, DateTimeOffset, IReadOnlyList<object>> decide,
        CancellationToken ct) =>
        writer.AppendManyAsync(jobIds.Select(jobId => (jobId, (Func<JobView, IReadOnlyList<object>>)(job => decide(job, clock.GetUtcNow())))).ToList(), ct);

    // A key is taken only by a committed record, which the next read finds; more rounds than this mean something else is wrong.
    private const int MaxKeyAttempts = 5;

    /// <summary>
    /// Submits one job. Under the owner's <paramref name="idempotencyKey"/>, the same request again within
    /// <see cref="JobsOptions.IdempotencyWindow"/> gets the job the first one created, and a different request under
    /// the same key is refused. Past the quota of the owner's <paramref name="plan"/> nothing is stored.
    /// </summary>
    public Task<SubmitResult<Job>> SubmitAsync(SubmitJobRequest request, string ownerId, string? plan, string? idempotencyKey, CancellationToken ct) =>
        SubmitOnceAsync(ownerId, idempotencyKey, () => RequestHash.Of(request),
            replay: async earlier => earlier.JobId is { } jobId
                ? (await store.GetAsync(jobId, ct) ?? throw Gone(earlier, $"job {jobId}")).ToContract()
                : null,
            submit: async keyFor =>
            {
                var (submitted, errors) = await PrepareAsync(request, ownerId, ct);
                if (submitted is null)
                    return SubmitResult<Job>.Invalid(errors);
                if (await quota.RefusalAsync(ownerId, plan, adding: 1, ct) is { } refusal)
                    return SubmitResult<Job>.OverQuota(refusal);
                var jobId = Guid.CreateVersion7();
                var stored = await writer.SubmitAsync([(jobId, submitted)], batch: null, keyFor(submitted.At, jobId, null), options.IdempotencyWindow, ct);
                return stored is [var view] ? SubmitResult<Job>.Accepted(view.ToContract()) : null;
            }, ct);

    /// <summary>
    /// Validates every job first and stores none unless all are valid; then stores them all, their batch and the key in one
    /// transaction, with the same idempotency as a single submit. Errors name the job, e.g. <c>jobs[2].input.steps</c>.
    /// </summary>
    public async Task<SubmitResult<JobBatch>> SubmitBatchAsync(IReadOnlyList<SubmitJobRequest?>? jobs, string ownerId, string? plan, string? idempotencyKey,
        CancellationToken ct)
    {
        var sizeErrors = new FieldErrors();
        if (jobs is null || jobs.Count == 0)
            sizeErrors.Add("jobs", $"must hold 1 to {options.MaxBatchSize} jobs.");
        else if (jobs.Count > options.MaxBatchSize)
            sizeErrors.Add("jobs", $"must hold at most {options.MaxBatchSize} jobs; this batch has {jobs.Count}.");
        else
            for (var i = 0; i < jobs.Count; i++)
                if (jobs[i] is null)
                    sizeErrors.Add($"jobs[{i}]", "is required.");
        if (sizeErrors.Any)
            return SubmitResult<JobBatch>.Invalid(sizeErrors.ToDictionary());
        var requests = jobs!.Select(job => job!).ToList();

        return await SubmitOnceAsync(ownerId, idempotencyKey, () => RequestHash.Of(requests),
            replay: async earlier => earlier.BatchId is { } batchId
                ? await store.GetBatchOwnedAsync(batchId, ownerId, ct) ?? throw Gone(earlier, $"batch {batchId}")
                : null,
            submit: async keyFor =>
            {
                var batchId = Guid.CreateVersion7();
                var prepared = new List<(Guid JobId, JobSubmitted Submitted)>(requests.Count);
                var errors = new FieldErrors();
                for (var i = 0; i < requests.Count; i++)
                {
                    var (submitted, jobErrors) = await PrepareAsync(requests[i], ownerId, ct);
                    if (submitted is not null)
                        prepared.Add((Guid.CreateVersion7(), submitted with { BatchId = batchId }));
                    errors.AddAll(jobErrors, $"jobs[{i}]");
                }
                if (errors.Any)
                    return SubmitResult<JobBatch>.Invalid(errors.ToDictionary());
                if (await quota.RefusalAsync(ownerId, plan, adding: prepared.Count, ct) is { } refusal)
                    return SubmitResult<JobBatch>.OverQuota(refusal);

                var now = prepared[0].Submitted.At;
                var batch = new JobBatchRecord { Id = batchId, OwnerId = ownerId, JobIds = prepared.Select(job => job.JobId).ToList(), SubmittedAt = now };
                var stored = await writer.SubmitAsync(prepared, batch, keyFor(now, null, batchId), options.IdempotencyWindow, ct);
                return stored is null ? null : SubmitResult<JobBatch>.Accepted(batch.ToContract(stored));
            }, ct);
    }

    /// <summary>
    /// The steps every submit takes under an idempotency key. A live record of the key answers with what it created
    /// (<paramref name="replay"/>; null when it created something of another kind) if the request is the same, else the
    /// key counts as reused. Otherwise <paramref name="submit"/> stores, with the record it is given for its ids; it
    /// answers null when a concurrent request committed the same key first, and then that request's answer is given.
    /// </summary>
    private async Task<SubmitResult<T>> SubmitOnceAsync<T>(string ownerId, string? key, Func<string> hashRequest,
        Func<IdempotencyRecord, Task<T?>> replay, Func<KeyRecordFor, Task<SubmitResult<T>?>> submit, CancellationToken ct) where T : class
    {
        var hash = key is null ? null : hashRequest();
        for (var attempt = 1; ; attempt++)
        {
            if (key is not null && await FindLiveKeyAsync(ownerId, key, ct) is { } earlier)
                return earlier.RequestHash == hash && await replay(earlier) is { } replayed
                    ? SubmitResult<T>.Replay(replayed)
                    : SubmitResult<T>.ReusedKey();

            var result = await submit((at, jobId, batchId) => key is null ? null : new IdempotencyRecord
            {
                Id = Guid.CreateVersion7(),
                OwnerId = ownerId,
                Key = key,
                RequestHash = hash!,
                JobId = jobId,
                BatchId = batchId,
                CreatedAt = at,
            });
            if (result is not null)
                return result;
            if (attempt == MaxKeyAttempts)
                throw new InvalidOperationException($"Idempotency key of owner {ownerId} was taken {attempt} times without a record to replay.");
        }
    }

    private delegate IdempotencyRecord? KeyRecordFor(DateTimeOffset at, Guid? jobId, Guid? batchId);

    private async Task<IdempotencyRecord?> FindLiveKeyAsync(string ownerId, string key, CancellationToken ct) =>
        await store.FindIdempotencyAsync(ownerId, key, ct) is { } record && !record.IsExpired(clock.GetUtcNow(), options.IdempotencyWindow)
            ? record
            : null;

    // What a key created outlives the key unless someone deleted it by hand; then the key has nothing left to answer with.
    private static InvalidOperationException Gone(IdempotencyRecord key, string what) =>
        new($"The {what} of idempotency key record {key.Id} is gone.");
}

public enum RetryOutcome
{
    Accepted,
    NotRetryable,
    NotFound,
    /// <summary>The owner holds as many jobs queued or running as their plan allows; the job stays as it was.</summary>
    QuotaReached,
}

/// <param name="QuotaReached">Why the job was not retried when its outcome is <see cref="RetryOutcome.QuotaReached"/>.</param>
public sealed record RetryResult(RetryOutcome Outcome, Job? Job, string? QuotaReached = null);

/// <summary>What a submit answers: what it stored, or why nothing was stored.</summary>
/// <param name="Value">The job or batch accepted now, or replayed.</param>
/// <param name="Replayed">An earlier request with the same idempotency key created it; this is its current state.</param>
/// <param name="KeyReused">The idempotency key was used for a different request: nothing was submitted.</param>
/// <param name="QuotaReached">Why nothing was submitted: the owner has as many jobs queued as their plan allows.</param>
public sealed record SubmitResult<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, bool Replayed = false, bool KeyReused = false,
    string? QuotaReached = null)
    where T : class
{
    public static SubmitResult<T> Accepted(T value) => new(value, FieldErrors.None);

    public static SubmitResult<T> Replay(T value) => new(value, FieldErrors.None, Replayed: true);

    public static SubmitResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);

    public static SubmitResult<T> ReusedKey() => new(null, FieldErrors.None, KeyReused: true);

    public static SubmitResult<T> OverQuota(string detail) => new(null, FieldErrors.None, QuotaReached: detail);

    /// <summary>Why nothing was submitted, in one line: the quota's detail, or each field's errors.</summary>
    public string Refusal => QuotaReached ?? string.Join(" ", Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
}

public enum CancelOutcome
{
    Accepted,
    AlreadyFinished,
    NotFound,
}

public sealed record CancelResult(CancelOutcome Outcome, Job? Job);
