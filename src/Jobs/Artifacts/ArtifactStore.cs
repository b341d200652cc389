using System.Text.RegularExpressions;
using Platform.Contracts.Jobs;

namespace Platform.Jobs.Artifacts;

/// <summary>Job output files in a folder per job under <see cref="JobsOptions.ArtifactsPath"/>.</summary>
public sealed partial class ArtifactStore(JobsOptions options)
{
    public Task<JobArtifact> SaveAsync(Guid jobId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct) =>
        SaveAsync(jobId, name, contentType, file => file.WriteAsync(content, ct).AsTask(), ct);

    /// <summary>Saves what <paramref name="content"/> holds, written to disk as it is read, never held whole in memory.</summary>
    public Task<JobArtifact> SaveAsync(Guid jobId, string name, string contentType, Stream content, CancellationToken ct) =>
        SaveAsync(jobId, name, contentType, file => content.CopyToAsync(file, ct), ct);

    private async Task<JobArtifact> SaveAsync(Guid jobId, string name, string contentType, Func<Stream, Task> write, CancellationToken ct)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid artifact name (letters, digits, '.', '-', '_').", nameof(name));
        var folder = Path.Combine(options.ArtifactsPath, jobId.ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        // Hidden until whole: a write that fails (a body over its limit, say) leaves nothing an artifact list would show.
        var temporary = Path.Combine(folder, $".{name}.partial");
        long size;
        try
        {
            await using (var file = File.Create(temporary))
            {
                await write(file);
                size = file.Length;
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        // Beside the file, under a name no artifact can have, for jobs whose artifacts are listed when they end.
        await File.WriteAllTextAsync(ContentTypePath(folder, name), contentType, ct);
        return new JobArtifact(name, contentType, size);
    }

    /// <summary>Every artifact saved for the job so far, by name.</summary>
    public IReadOnlyList<JobArtifact> List(Guid jobId)
    {
        var folder = Path.Combine(options.ArtifactsPath, jobId.ToString("N"));
        if (!Directory.Exists(folder))
            return [];
        return Directory.EnumerateFiles(folder)
            .Select(path => Path.GetFileName(path))
            .Where(IsValidName)
            .Order(StringComparer.Ordinal)
            .Select(name => new JobArtifact(name, ReadContentType(folder, name), new FileInfo(Path.Combine(folder, name)).Length))
            .ToList();
    }

    private static string ContentTypePath(string folder, string name) => Path.Combine(folder, $".{name}.content-type");

    private static string ReadContentType(string folder, string name) =>
        File.Exists(ContentTypePath(folder, name)) ? File.ReadAllText(ContentTypePath(folder, name)) : "application/octet-stream";

    /// <summary>The artifact's file, or null when there is none of that name.</summary>
    public Stream? Open(Guid jobId, string name)
    {
        if (!IsValidName(name))
            return null;
        var path = Path.Combine(options.ArtifactsPath, jobId.ToString("N"), name);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    public static bool IsValidName(string name) => name.Length <= 100 && ArtifactName().IsMatch(name) && !name.StartsWith('.');

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex ArtifactName();
}
