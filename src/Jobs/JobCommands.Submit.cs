using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Credits;
using Platform.Jobs.Model;
using Platform.Storage.Outcomes;

namespace Platform.Jobs;

/// <summary>Submitting a job or a batch, once per idempotency key and within the owner's queue quota.</summary>
public sealed partial class JobCommands
{
    // A key is taken only by a committed record, which the next read finds; more rounds than this mean something else is wrong.
    private const int MaxKeyAttempts = 5;

    /// <summary>Submits one job now, without an idempotency key.</summary>
    public async Task<Outcome<Job>> SubmitAsync(SubmitJobRequest request, string ownerId, string? plan, CancellationToken ct) =>
        (await SubmitAsync(request, ownerId, plan, submittedBy: null, idempotencyKey: null, ct)).Map(submission => submission.Value);

    /// <summary>
    /// Submits one job. Under the owner's <paramref name="idempotencyKey"/>, the same request again within
    /// <see cref="JobsOptions.IdempotencyWindow"/> gets the job the first one created, and a different request under
    /// the same key is refused. Past the quota of the owner's <paramref name="plan"/> nothing is stored.
    /// </summary>
    /// <param name="submittedBy">The person submitting an organization's job (<paramref name="ownerId"/>); null when the owner is.</param>
    public Task<Outcome<Submission<Job>>> SubmitAsync(SubmitJobRequest request, string ownerId, string? plan, string? submittedBy, string? idempotencyKey,
        CancellationToken ct) =>
        SubmitOnceAsync(ownerId, idempotencyKey, () => RequestHash.Of(request),
            replay: async earlier => earlier.JobId is { } jobId
                ? (await store.GetAsync(jobId, ct) ?? throw Gone(earlier, $"job {jobId}")).ToContract()
                : null,
            submit: async keyFor =>
            {
                if (await projects.RefusalAsync(request.Project, ownerId, ct) is { } projectRefusal)
                    return projectRefusal;
                var (submitted, errors) = await PrepareAsync(request, ownerId, submittedBy, ct);
                if (submitted is null)
                    return JobRefusals.JobNotAccepted(errors);
                if (await quota.RefusalAsync(ownerId, plan, adding: 1, ct) is { } refusal)
                    return refusal;
                if (await credits.RefusalAsync(ownerId, plan, [submitted], ct) is { } creditRefusal)
                    return creditRefusal;
                var jobId = Guid.CreateVersion7();
                var stored = await StoreAsync(ownerId, [(jobId, submitted)], batch: null, keyFor(submitted.At, jobId, null), ct);
                if (stored.Short is { } tooFew)
                    return tooFew;
                if (stored.Stored is not [var view])
                    return null;
                return view.ToContract();
            }, ct);

    /// <summary>
    /// Validates every job first and stores none unless all are valid; then stores them all, their batch and the key in one
    /// transaction, with the same idempotency as a single submit. Errors name the job, e.g. <c>jobs[2].input.steps</c>.
    /// </summary>
    public async Task<Outcome<Submission<JobBatch>>> SubmitBatchAsync(IReadOnlyList<SubmitJobRequest?>? jobs, string ownerId, string? plan,
        string? submittedBy, string? idempotencyKey, CancellationToken ct)
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
            return JobRefusals.BatchNotAccepted(sizeErrors.ToDictionary());
        var requests = jobs!.Select(job => job!).ToList();

        return await SubmitOnceAsync(ownerId, idempotencyKey, () => RequestHash.Of(requests),
            replay: async earlier => earlier.BatchId is { } batchId
                ? await store.GetBatchOwnedAsync(batchId, ownerId, ct) ?? throw Gone(earlier, $"batch {batchId}")
                : null,
            submit: async keyFor =>
            {
                foreach (var projectId in requests.Select(job => job.Project).Distinct())
                    if (await projects.RefusalAsync(projectId, ownerId, ct) is { } projectRefusal)
                        return projectRefusal;
                var batchId = Guid.CreateVersion7();
                var prepared = new List<(Guid JobId, JobSubmitted Submitted)>(requests.Count);
                var errors = new FieldErrors();
                for (var i = 0; i < requests.Count; i++)
                {
                    var (submitted, jobErrors) = await PrepareAsync(requests[i], ownerId, submittedBy, ct);
                    if (submitted is not null)
                        prepared.Add((Guid.CreateVersion7(), submitted with { BatchId = batchId }));
                    errors.AddAll(jobErrors, $"jobs[{i}]");
                }
                if (errors.Any)
                    return JobRefusals.BatchNotAccepted(errors.ToDictionary());
                if (await quota.RefusalAsync(ownerId, plan, adding: prepared.Count, ct) is { } refusal)
                    return refusal;
                if (await credits.RefusalAsync(ownerId, plan, prepared.Select(job => job.Submitted).ToList(), ct) is { } creditRefusal)
                    return creditRefusal;

                var now = prepared[0].Submitted.At;
                var batch = new JobBatchRecord { Id = batchId, OwnerId = ownerId, JobIds = prepared.Select(job => job.JobId).ToList(), SubmittedAt = now };
                var stored = await StoreAsync(ownerId, prepared, batch, keyFor(now, null, batchId), ct);
                if (stored.Short is { } tooFew)
                    return tooFew;
                if (stored.Stored is null)
                    return null;
                return batch.ToContract(stored.Stored);
            }, ct);
    }

    /// <summary>
    /// The steps every submit takes under an idempotency key. A live record of the key answers with what it created
    /// (<paramref name="replay"/>; null when it created something of another kind) if the request is the same, else the
    /// key counts as reused. Otherwise <paramref name="submit"/> stores, with the record it is given for its ids; it
    /// answers null when a concurrent request committed the same key first, and then that request's answer is given.
    /// </summary>
    private async Task<Outcome<Submission<T>>> SubmitOnceAsync<T>(string ownerId, string? key, Func<string> hashRequest,
        Func<IdempotencyRecord, Task<T?>> replay, Func<KeyRecordFor, Task<Outcome<T>?>> submit, CancellationToken ct) where T : class
    {
        var hash = key is null ? null : hashRequest();
        for (var attempt = 1; ; attempt++)
        {
            if (key is not null && await FindLiveKeyAsync(ownerId, key, ct) is { } earlier)
                return earlier.RequestHash == hash && await replay(earlier) is { } replayed
                    ? new Submission<T>(replayed, Replayed: true)
                    : JobRefusals.KeyReused;

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
            if (result is { } outcome)
                return outcome.Map(value => new Submission<T>(value));
            if (attempt == MaxKeyAttempts)
                throw new InvalidOperationException($"Idempotency key of owner {ownerId} was taken {attempt} times without a record to replay.");
        }
    }

    // Stores the jobs (none, when the key was taken meanwhile), or says why the owner's credits could not hold them.
    private async Task<(IReadOnlyList<JobView>? Stored, Refusal? Short)> StoreAsync(string ownerId,
        IReadOnlyList<(Guid JobId, JobSubmitted Submitted)> jobs, JobBatchRecord? batch, IdempotencyRecord? key, CancellationToken ct)
    {
        try
        {
            return (await writer.SubmitAsync(jobs, batch, key, options.IdempotencyWindow, ct), null);
        }
        catch (CreditsRanShort e)
        {
            return (null, await credits.ShortAsync(ownerId, e.Needed, ct));
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
