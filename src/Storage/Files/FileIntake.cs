using Platform.Contracts.Files;
using Platform.Storage.Objects;
using Platform.Storage.Outcomes;
using Platform.Storage.Projects;

namespace Platform.Storage.Files;

/// <summary>
/// Stores an uploaded stream as the owner's file: its type judged from its first bytes before anything is stored,
/// its bytes counted and hashed on the way to the object store, and its row admitted only within the owner's limits.
/// A refused upload leaves nothing behind.
/// </summary>
public sealed class FileIntake(IObjectStore objects, UserFiles files, ProjectGate projects, FilesOptions options, TimeProvider clock)
{
    public const int MaxNameLength = 255;

    /// <summary>Stores a file sent whole, in no project; refusals name its query and form fields.</summary>
    public Task<Outcome<UserFile>> StoreAsync(Guid ownerId, string? name, string? declaredType, long? declaredLength, Stream content,
        CancellationToken ct) =>
        StoreAsync(ownerId, projectId: null, name, declaredType, declaredLength, content, ct);

    /// <summary>Stores a file sent whole, into the owner's <paramref name="projectId"/> if one is given; refusals name its query and form fields.</summary>
    public async Task<Outcome<UserFile>> StoreAsync(Guid ownerId, Guid? projectId, string? name, string? declaredType, long? declaredLength,
        Stream content, CancellationToken ct) =>
        await projects.RefusalAsync(projectId, ownerId.ToString(), ct) is { } refusal
            ? refusal
            : await StoreAsync(ownerId, name, declaredType, declaredLength, content, FileFields.OfWholeUpload, ct, projectId);

    /// <summary>Stores a file whose parts the sender calls <paramref name="fields"/>, as its refusals name them.</summary>
    public async Task<Outcome<UserFile>> StoreAsync(Guid ownerId, string? name, string? declaredType, long? declaredLength, Stream content,
        FileFields fields, CancellationToken ct, Guid? projectId = null)
    {
        var remaining = options.MaxBytesPerUser - await files.UsedBytesAsync(ownerId, ct);
        if (RefusalBeforeContent(name, declaredType, declaredLength, remaining, fields) is { } early)
            return early;

        var head = await HeadThenRest.ReadHeadAsync(content, MeasuredStream.HeadLength, ct);
        var (contentType, typeProblem) = ContentSniffer.Decide(head, declaredType, name!);
        if (contentType is null)
            return Refusal.Invalid(fields.ContentType, typeProblem!);

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
            return limit == options.MaxFileBytes ? FileRefusals.TooLarge(fields, options.MaxFileBytes) : OverQuota(fields, remaining);
        }
        var file = new StoredFile(id, ownerId, name!, measured.Count, contentType, measured.Sha256(), StoredTime.Of(clock.GetUtcNow()), projectId);
        // Not the request's token: once waiting, the file is admitted or refused whether or not its client stays, and a
        // refused file's bytes must go. Should the admission fail outright, the orphan sweep (OrphanObjects) takes them.
        var refusal = await files.AdmitAsync(file, CancellationToken.None);
        if (refusal == FileRefusal.None)
            return file.ToContract();
        await objects.DeleteAsync(key, CancellationToken.None);
        return refusal == FileRefusal.TooManyFiles
            ? TooManyFiles(fields)
            : OverQuota(fields, options.MaxBytesPerUser - await files.UsedBytesAsync(ownerId, ct));
    }

    /// <summary>Why a file of this name, declared type and announced length cannot be taken from an owner with <paramref name="remaining"/> bytes left, before any byte is read.</summary>
    public Refusal? RefusalBeforeContent(string? name, string? declaredType, long? declaredLength, long remaining, FileFields fields)
    {
        if (NameProblem(name) is { } problem)
            return Refusal.Invalid(fields.Name, problem);
        // Stored as declared until the bytes are judged, and named in every download's Content-Type after.
        if (!string.IsNullOrEmpty(declaredType) && !MediaType.IsValid(declaredType))
            return Refusal.Invalid(fields.ContentType, MediaType.Problem);
        if (declaredLength > options.MaxFileBytes)
            return FileRefusals.TooLarge(fields, options.MaxFileBytes);
        if (declaredLength > remaining)
            return OverQuota(fields, remaining);
        return null;
    }

    public Refusal TooManyFiles(FileFields fields) => FileRefusals.TooManyFiles(fields, options.MaxFilesPerUser);

    public static string? NameProblem(string? name) => name switch
    {
        null or "" => "is required: the file's name.",
        { Length: > MaxNameLength } => $"must be at most {MaxNameLength} characters.",
        _ when name.Any(c => char.IsControl(c) || c is '/' or '\\') => "must not contain control characters, '/' or '\\'.",
        _ when string.IsNullOrWhiteSpace(name) || name is "." or ".." => "must name a file.",
        _ => null,
    };

    private Refusal OverQuota(FileFields fields, long remaining) => FileRefusals.OverQuota(fields, options.MaxBytesPerUser, remaining);
}
