using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Objects;

namespace Platform.Jobs.Artifacts;

/// <summary>Job output files, kept in the object store under <c>artifacts/{job}/{name}</c>.</summary>
public sealed class ArtifactStore(IObjectStore objects)
{
    public Task<JobArtifact> SaveAsync(Guid jobId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct) =>
        SaveAsync(jobId, name, contentType, MeasuredStream.Over(content), ct);

    /// <summary>Saves what <paramref name="content"/> holds, stored as it is read, never held whole in memory.</summary>
    public async Task<JobArtifact> SaveAsync(Guid jobId, string name, string contentType, Stream content, CancellationToken ct)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid artifact name (letters, digits, '.', '-', '_').", nameof(name));
        using var counted = new MeasuredStream(content);
        await objects.PutAsync(KeyOf(jobId, name), counted, contentType, ct);
        return new JobArtifact(name, contentType, counted.Count);
    }

    /// <summary>Every artifact saved for the job so far, by name.</summary>
    public async Task<IReadOnlyList<JobArtifact>> ListAsync(Guid jobId, CancellationToken ct)
    {
        var prefix = FolderOf(jobId);
        var found = await objects.ListAsync(prefix, ct);
        return found.Select(o => new JobArtifact(o.Key[prefix.Length..], o.ContentType, o.Length)).Where(a => IsValidName(a.Name)).ToList();
    }

    /// <summary>The artifact's bytes, or null when there is none of that name.</summary>
    public Task<StoredObject?> OpenAsync(Guid jobId, string name, CancellationToken ct) =>
        IsValidName(name) ? objects.OpenAsync(KeyOf(jobId, name), ct) : Task.FromResult<StoredObject?>(null);

    /// <summary>The artifact <paramref name="job"/> lists under <paramref name="name"/> with its bytes, or null when it lists none so or its bytes are gone.</summary>
    public async Task<(JobArtifact Artifact, StoredObject Content)?> OpenListedAsync(JobView job, string name, CancellationToken ct) =>
        job.Artifacts.FirstOrDefault(a => a.Name == name) is { } artifact && await OpenAsync(job.Id, name, ct) is { } content
            ? (artifact, content)
            : null;

    /// <summary>Removes every artifact of the job.</summary>
    public async Task DeleteAllAsync(Guid jobId, CancellationToken ct)
    {
        foreach (var found in await objects.ListAsync(FolderOf(jobId), ct))
            await objects.DeleteAsync(found.Key, ct);
    }

    /// <summary>Up to 100 of letters, digits, '.', '-' and '_', not starting with '.': one segment of an object key.</summary>
    public static bool IsValidName(string name) => name.Length <= 100 && !name.Contains('/') && ObjectKeys.IsValid(name);

    /// <summary>Where all jobs' artifacts are kept in the object store, each job's in a folder of its own.</summary>
    public const string Prefix = "artifacts/";

    /// <summary>The job and the artifact's name that <paramref name="key"/> holds; null when it is no artifact's key.</summary>
    public static (Guid JobId, string Name)? ArtifactOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) && key.IndexOf('/', Prefix.Length) is var slash and > 0
        && Guid.TryParseExact(key[Prefix.Length..slash], "N", out var jobId) && IsValidName(key[(slash + 1)..])
            ? (jobId, key[(slash + 1)..])
            : null;

    private static string FolderOf(Guid jobId) => $"{Prefix}{jobId:N}/";

    private static string KeyOf(Guid jobId, string name) => FolderOf(jobId) + name;
}
