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
        if (NameProblem(name) is { } problem)
            return (null, new UploadRefusal(UploadRefusalKind.Invalid, "name", problem));
        var remaining = options.MaxBytesPerUser - await files.UsedBytesAsync(ownerId, ct);
        if (declaredLength > options.MaxFileBytes)
            return (null, TooLarge());
        if (declaredLength > remaining)
            return (null, OverQuota(remaining));

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
        var file = new StoredFile(id, ownerId, name!, measured.Count, contentType, measured.Sha256(), Truncated(clock.GetUtcNow()));
        var refusal = await files.AdmitAsync(file, ct);
        if (refusal == FileRefusal.None)
            return (file.ToContract(), null);
        await objects.DeleteAsync(key, CancellationToken.None);
        return (null, refusal == FileRefusal.TooManyFiles
            ? new UploadRefusal(UploadRefusalKind.OverQuota, "file", $"You may keep at most {options.MaxFilesPerUser} files; delete some first.")
            : OverQuota(options.MaxBytesPerUser - await files.UsedBytesAsync(ownerId, ct)));
    }

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

    // PostgreSQL keeps microseconds: the time answered is the time stored.
    private static DateTimeOffset Truncated(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
