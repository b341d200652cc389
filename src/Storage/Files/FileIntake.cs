using Platform.Contracts.Files;
using Platform.Storage.Objects;

namespace Platform.Storage.Files;

/// <summary>Why an upload was not stored; <see cref="Field"/> names what to change.</summary>
public sealed record UploadRefusal(UploadRefusalKind Kind, string Field, string Message);

public enum UploadRefusalKind
{
    Invalid,
    TooLarge,
    OverQuota,
    TooManyUploads,
}

/// <summary>
/// Stores an uploaded stream as the owner's file: its type judged from its first bytes before anything is stored,
/// its bytes counted and hashed on the way to the object store, and its row admitted only within the owner's limits.
/// A refused upload leaves nothing behind.
/// </summary>
public sealed class FileIntake(IObjectStore objects, UserFiles files, FilesOptions options, TimeProvider clock)
{
    public const int MaxNameLength = 255;

    public async Task<(UserFile? File, UploadRefusal? Refusal)> StoreAsync(Guid ownerId, string? name, string? declaredType, long? declaredLength,
        Stream content, CancellationToken ct)
    {
        var remaining = options.MaxBytesPerUser - await files.UsedBytesAsync(ownerId, ct);
        if (RefusalBeforeContent(name, declaredType, declaredLength, remaining) is { } early)
            return (null, early);

        var head = await HeadThenRest.ReadHeadAsync(content, MeasuredStream.HeadLength, ct);
        var (contentType, typeProblem) = ContentSniffer.Decide(head, declaredType, name!);
        if (contentType is null)
            return (null, new UploadRefusal(UploadRefusalKind.Invalid, "contentType", typeProblem!));

        var id = Guid.CreateVersion7();
        var key = UserFiles.KeyOf(id);
        var limit = Math.Min(options.MaxFileBytes, Math.Max(0, remaining));
        using var measured = new MeasuredStream(new HeadThenRest(head, content), limit);
        try
        {
            await objects.PutAsync(key, measured, contentType, ct);
        }
        catch (TooLargeException)
        {
            return (null, limit == options.MaxFileBytes ? TooLarge() : OverQuota(remaining));
        }
        var file = new StoredFile(id, ownerId, name!, measured.Count, contentType, measured.Sha256(), StoredTime.Of(clock.GetUtcNow()));
        // Not the request's token: once waiting, the file is admitted or refused whether or not its client stays, and a
        // refused file's bytes must go. Should the admission fail outright, the orphan sweep (OrphanObjects) takes them.
        var refusal = await files.AdmitAsync(file, CancellationToken.None);
        if (refusal == FileRefusal.None)
            return (file.ToContract(), null);
        await objects.DeleteAsync(key, CancellationToken.None);
        return (null, refusal == FileRefusal.TooManyFiles
            ? TooManyFiles()
            : OverQuota(options.MaxBytesPerUser - await files.UsedBytesAsync(ownerId, ct)));
    }

    /// <summary>Why a file of this name, declared type and announced length cannot be taken from an owner with <paramref name="remaining"/> bytes left, before any byte is read.</summary>
    public UploadRefusal? RefusalBeforeContent(string? name, string? declaredType, long? declaredLength, long remaining)
    {
        if (NameProblem(name) is { } problem)
            return new UploadRefusal(UploadRefusalKind.Invalid, "name", problem);
        // Stored as declared until the bytes are judged, and named in every download's Content-Type after.
        if (!string.IsNullOrEmpty(declaredType) && !MediaType.IsValid(declaredType))
            return new UploadRefusal(UploadRefusalKind.Invalid, "contentType", MediaType.Problem);
        if (declaredLength > options.MaxFileBytes)
            return TooLarge();
        if (declaredLength > remaining)
            return OverQuota(remaining);
        return null;
    }

    public UploadRefusal TooManyFiles() =>
        new(UploadRefusalKind.OverQuota, "file", $"You may keep at most {options.MaxFilesPerUser} files; delete some first.");

    public static string? NameProblem(string? name) => name switch
    {
        null or "" => "is required: the file's name.",
        { Length: > MaxNameLength } => $"must be at most {MaxNameLength} characters.",
        _ when name.Any(c => char.IsControl(c) || c is '/' or '\\') => "must not contain control characters, '/' or '\\'.",
        _ when string.IsNullOrWhiteSpace(name) || name is "." or ".." => "must name a file.",
        _ => null,
    };

    private UploadRefusal TooLarge() =>
        new(UploadRefusalKind.TooLarge, "file", $"must be at most {options.MaxFileBytes} bytes.");

    private UploadRefusal OverQuota(long remaining) => new(UploadRefusalKind.OverQuota, "file",
        $"does not fit in your storage: your files may take {options.MaxBytesPerUser} bytes together and {Math.Max(0, remaining)} are left.");
}
