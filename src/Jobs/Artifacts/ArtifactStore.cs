using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage;
using Platform.Storage.Artifacts;
using Platform.Storage.Files;
using Platform.Storage.Objects;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Artifacts;

/// <summary>
/// Job output files, kept in the object store under <c>artifacts/{job}/…</c>, one object per upload, with a row that
/// says which run of the job stored it. A run stores within its attempt's count and bytes and its owner's storage,
/// the quota files are kept by; what a run stored is taken back when the run does not succeed.
/// </summary>
public sealed class ArtifactStore(IObjectStore objects, ArtifactRows rows, JobsOptions options, FilesOptions files, TimeProvider clock)
{
    /// <summary>
    /// Stores what <paramref name="content"/> holds as the artifact <paramref name="name"/> of the run <paramref name="holder"/>
    /// (replacing that run's artifact of the name), read as it is stored and never held whole; refused, it leaves nothing.
    /// </summary>
    public async Task<Outcome<JobArtifact>> SaveAsync(JobView job, string holder, string name, string contentType,
        long? declaredLength, Stream content, CancellationToken ct)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid artifact name (letters, digits, '.', '-', '_').", nameof(name));
        var ownerId = Guid.Parse(job.OwnerId);
        var held = await rows.HoldingsAsync(ownerId, job.Id, holder, name, ct);
        if (RefusalFor(held, declaredLength ?? 0) is { } early)
            return early;

        var limit = Math.Max(0, Math.Min(options.MaxArtifactBytes, Math.Min(options.MaxArtifactBytesPerAttempt - held.Bytes, files.MaxBytesPerUser - held.OwnerBytes)));
        // A key of its own per upload: a run that lost its lease mid-upload never overwrites the bytes of the run after it.
        var key = $"{FolderOf(job.Id)}{Guid.CreateVersion7():N}-{name}";
        using var measured = new MeasuredStream(content, limit);
        try
        {
            await objects.PutAsync(key, measured, contentType, ct);
        }
        catch (TooLargeException)
        {
            return RefusalFor(held, limit + 1)!;
        }
        var row = new ArtifactRow(key, job.Id, ownerId, holder, name, contentType, measured.Count, StoredTime.Of(clock.GetUtcNow()));
        var (refusal, replaced) = await rows.AdmitAsync(row, holdings => RefusalFor(holdings, row.Size), ct);
        if (refusal is not null || replaced is not null)
            await objects.DeleteAsync(refusal is null ? replaced! : key, CancellationToken.None);
        if (refusal is not null)
            return refusal;
        return new JobArtifact(name, contentType, row.Size);
    }

    // The one rule for what a run may store: a count and bytes per attempt, and the owner's storage shared with their files.
    private Refusal? RefusalFor(ArtifactHoldings held, long size) =>
        held.Count >= options.MaxArtifactsPerAttempt
            ? AttemptFull($"One attempt may store at most {options.MaxArtifactsPerAttempt} artifacts (Jobs:MaxArtifactsPerAttempt).")
        : size > options.MaxArtifactBytes
            ? Refusal.TooLarge("artifact_too_large", "The artifact is too large.",
                $"An artifact may be at most {options.MaxArtifactBytes} bytes (Jobs:MaxArtifactBytes).")
        : held.Bytes + size > options.MaxArtifactBytesPerAttempt
            ? AttemptFull($"One attempt's artifacts may take at most {options.MaxArtifactBytesPerAttempt} bytes together "
                + $"(Jobs:MaxArtifactBytesPerAttempt); {Math.Max(0, options.MaxArtifactBytesPerAttempt - held.Bytes)} are left.")
        : held.OwnerBytes + size > files.MaxBytesPerUser
            ? Refusal.TooLarge("file_quota_reached", "The job's owner has no storage left.",
                $"The job's owner's files and artifacts may take {files.MaxBytesPerUser} bytes together "
                + $"(Files:MaxBytesPerUser); {Math.Max(0, files.MaxBytesPerUser - held.OwnerBytes)} are left.")
        : null;

    private static Refusal AttemptFull(string detail) =>
        Refusal.TooLarge("artifact_limit_reached", "This attempt has stored all the artifacts it may.", detail);

    /// <summary>The artifacts the run <paramref name="holder"/> stored for the job, by name.</summary>
    public async Task<IReadOnlyList<JobArtifact>> HeldByAsync(Guid jobId, string holder, CancellationToken ct) =>
        (await rows.HeldByAsync(jobId, holder, ct)).Select(row => new JobArtifact(row.Name, row.ContentType, row.Size)).ToList();

    /// <summary>Removes what runs of the job stored, but what <paramref name="keptHolder"/> stored when it is given: the run that succeeded.</summary>
    public Task DiscardAsync(Guid jobId, string? keptHolder, CancellationToken ct) => RemoveAsync(jobId, onlyHolder: null, keptHolder, ct);

    /// <summary>Removes what the run <paramref name="holder"/> stored, once it is known not to be the job's run any more.</summary>
    public Task DiscardRunAsync(Guid jobId, string holder, CancellationToken ct) => RemoveAsync(jobId, holder, keptHolder: null, ct);

    // Bytes first, then rows: a host that dies between the two leaves rows the next removal finds again.
    private async Task RemoveAsync(Guid jobId, string? onlyHolder, string? keptHolder, CancellationToken ct)
    {
        var keys = await rows.KeysAsync(jobId, onlyHolder, keptHolder, ct);
        foreach (var key in keys)
            await objects.DeleteAsync(key, ct);
        await rows.DeleteAsync(keys, ct);
    }

    /// <summary>The artifact's bytes, or null when there is none of that name.</summary>
    public async Task<StoredObject?> OpenAsync(Guid jobId, string name, CancellationToken ct) =>
        IsValidName(name) ? await objects.OpenAsync(await rows.KeyOfAsync(jobId, name, ct) ?? FolderOf(jobId) + name, ct) : null;

    /// <summary>The artifact <paramref name="job"/> lists under <paramref name="name"/> with its bytes, or null when it lists none so or its bytes are gone.</summary>
    public async Task<(JobArtifact Artifact, StoredObject Content)?> OpenListedAsync(JobView job, string name, CancellationToken ct) =>
        job.Artifacts.FirstOrDefault(a => a.Name == name) is { } artifact && await OpenAsync(job.Id, name, ct) is { } content
            ? (artifact, content)
            : null;

    /// <summary>Removes every artifact of the job, those stored before artifacts had rows too.</summary>
    public async Task DeleteAllAsync(Guid jobId, CancellationToken ct)
    {
        await DiscardAsync(jobId, keptHolder: null, ct);
        foreach (var found in await objects.ListAsync(FolderOf(jobId), ct))
            await objects.DeleteAsync(found.Key, ct);
    }

    /// <summary>Up to 100 of letters, digits, '.', '-' and '_', not starting with '.': one segment of an object key.</summary>
    public static bool IsValidName(string name) => name.Length <= 100 && !name.Contains('/') && ObjectKeys.IsValid(name);

    /// <summary>Where all jobs' artifacts are kept in the object store, each job's in a folder of its own.</summary>
    public const string Prefix = "artifacts/";

    /// <summary>The job whose folder <paramref name="key"/> is in, and the key's last segment; null when it is no artifact's key.</summary>
    public static (Guid JobId, string Segment)? ArtifactOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) && key.IndexOf('/', Prefix.Length) is var slash and > 0
        && Guid.TryParseExact(key[Prefix.Length..slash], "N", out var jobId) && IsValidName(key[(slash + 1)..])
            ? (jobId, key[(slash + 1)..])
            : null;

    private static string FolderOf(Guid jobId) => $"{Prefix}{jobId:N}/";
}
