using Platform.Jobs.Model;
using Platform.Storage.Files;
using Platform.Storage.Objects;

namespace Platform.Jobs.Artifacts;

/// <summary>A file a job's input names, opened for its handler or worker: what it is and its bytes, to be disposed.</summary>
public sealed record InputFile(Guid Id, string Name, string ContentType, long Size, string Sha256, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>Opens the uploaded files a job's input names, and no others: a run reads what its submitter could.</summary>
public sealed class InputFiles(UserFiles files, IObjectStore objects)
{
    /// <summary>The file, or null when the job does not name it or it no longer exists.</summary>
    public async Task<InputFile?> OpenAsync(JobView job, Guid fileId, CancellationToken ct)
    {
        if (!job.Files.Contains(fileId) || await files.GetAsync(fileId, ct) is not { } file)
            return null;
        var stored = await objects.OpenAsync(UserFiles.KeyOf(fileId), ct);
        return stored is null ? null : new InputFile(file.Id, file.Name, file.ContentType, file.Size, file.Sha256, stored.Content);
    }
}
