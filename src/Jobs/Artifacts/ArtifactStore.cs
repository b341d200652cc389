using System.Text.RegularExpressions;
using Platform.Contracts.Jobs;

namespace Platform.Jobs.Artifacts;

/// <summary>Job output files in a folder per job under <see cref="JobsOptions.ArtifactsPath"/>.</summary>
public sealed partial class ArtifactStore(JobsOptions options)
{
    public async ValueTask<JobArtifact> SaveAsync(Guid jobId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid artifact name (letters, digits, '.', '-', '_').", nameof(name));
        var folder = Path.Combine(options.ArtifactsPath, jobId.ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        var temporary = path + ".partial";
        await File.WriteAllBytesAsync(temporary, content.ToArray(), ct);
        File.Move(temporary, path, overwrite: true);
        return new JobArtifact(name, contentType, content.Length);
    }

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
