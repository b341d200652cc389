using Platform.Contracts.Files;
using Platform.Storage.Objects;
using Platform.Storage.Outcomes;
using Platform.Storage.Projects;

namespace Platform.Storage.Files;

/// <summary>
/// Files sent in parts that may each reach any host. Every part is stored as an object of its own before one conditional
/// update moves the upload's offset past it, so a part cut short, or lost with its host, costs only itself. The part
/// that completes the upload turns the parts, read in order, into the owner's file through <see cref="FileIntake"/>,
/// which judges it as it judges any upload.
/// </summary>
public sealed class ResumableUploads(UploadRows rows, IObjectStore objects, FileIntake intake, ProjectGate projects, FilesOptions options,
    TimeProvider clock)
{
    private static FileFields Fields => FileFields.OfResumableUpload;

    /// <summary>
    /// Opens an upload of <paramref name="length"/> bytes into the owner's <paramref name="projectId"/> if one is given,
    /// refused early when it cannot become the owner's file. An upload opened before its project was archived still completes into it.
    /// </summary>
    public async Task<Outcome<UploadRecord>> OpenAsync(Guid ownerId, string? name, string? declaredType, long length, CancellationToken ct,
        Guid? projectId = null)
    {
        if (intake.RefusalBeforeContent(name, declaredType, length, remaining: long.MaxValue, Fields) is { } early)
            return early;
        if (await projects.RefusalAsync(projectId, ownerId.ToString(), ct) is { } projectRefusal)
            return projectRefusal;
        var now = clock.GetUtcNow();
        var upload = new UploadRecord(Guid.CreateVersion7(), ownerId, name!, declaredType, length, 0, [], null, now + options.UploadExpiry, projectId);
        if (await rows.OpenAsync(upload, now, held => RefusalFor(held, name, length), ct) is { } refusal)
            return refusal;
        if (length > 0)
            return upload;
        // No part will ever come for an empty file: it is whole as soon as it is open.
        return await CompleteAsync(upload);
    }

    // Open uploads hold the bytes they announced, so a user cannot claim more storage than they have by opening many.
    private Refusal? RefusalFor(UploadHoldings held, string? name, long length)
    {
        if (held.OpenUploads >= options.MaxOpenUploadsPerUser)
            return FileRefusals.TooManyUploads(options.MaxOpenUploadsPerUser);
        if (held.Files + held.OpenUploads >= options.MaxFilesPerUser)
            return intake.TooManyFiles(Fields);
        return intake.RefusalBeforeContent(name, null, length, options.MaxBytesPerUser - held.FileBytes - held.OpenUploadBytes, Fields);
    }

    /// <summary>The owner's upload until it expires, finished or not.</summary>
    public Task<UploadRecord?> FindAsync(Guid id, Guid ownerId, CancellationToken ct) => rows.FindOwnedAsync(id, ownerId, clock.GetUtcNow(), ct);

    /// <summary>The most bytes the upload's next part may carry.</summary>
    public long ChunkLimit(UploadRecord upload) => Math.Min(options.MaxChunkBytes, upload.Length - upload.Received);

    /// <summary>
    /// Stores <paramref name="body"/> as the part that follows what <paramref name="upload"/> holds, completing the upload
    /// with its last part. The part must start at the upload's <paramref name="offset"/>, and fit its rest and the part limit
    /// as <paramref name="announced"/> and as read.
    /// </summary>
    public async Task<Outcome<UploadRecord>> AppendAsync(UploadRecord upload, long offset, long? announced, Stream body, CancellationToken ct)
    {
        if (offset != upload.Received)
            return FileRefusals.OffsetMoved(upload);
        if (announced is { } count && Exceeds(upload, count) is { } over)
            return over;
        var head = await HeadThenRest.ReadHeadAsync(body, 1, ct);
        if (head.Length == 0)
            return upload;
        // A key of its own for every attempt: two PATCHes racing from one offset never write over each other's part.
        var key = $"{PrefixOf(upload.Id)}{upload.Received:D20}-{Guid.NewGuid():N}";
        var limit = ChunkLimit(upload);
        using var measured = new MeasuredStream(new HeadThenRest(head, body), limit);
        try
        {
            await objects.PutAsync(key, measured, Tus.ChunkContentType, ct);
        }
        catch (TooLargeException)
        {
            return Exceeds(upload, limit + 1)!;
        }
        var now = clock.GetUtcNow();
        var expiresAt = now + options.UploadExpiry;
        if (!await rows.AdvanceAsync(upload.Id, upload.Received, measured.Count, key, expiresAt, now, CancellationToken.None))
        {
            await objects.DeleteAsync(key, CancellationToken.None);
            return await FindAsync(upload.Id, upload.OwnerId, CancellationToken.None) is { } moved
                ? FileRefusals.OffsetMoved(moved)
                : FileRefusals.UploadNotFound(upload.Id);
        }
        var advanced = upload with { Received = upload.Received + measured.Count, Chunks = [.. upload.Chunks, key], ExpiresAt = expiresAt };
        return advanced.Received < advanced.Length ? advanced : await CompleteAsync(advanced);
    }

    // Why a part of this many bytes cannot follow what the upload holds; null when it can.
    private Refusal? Exceeds(UploadRecord upload, long count) =>
        count > upload.Length - upload.Received ? FileRefusals.PastLength(upload)
        : count > options.MaxChunkBytes ? FileRefusals.ChunkTooLarge(options.MaxChunkBytes)
        : null;

    // Not the request's token: once the last part is in, a client hanging up must not leave the bytes short of their file.
    private async Task<Outcome<UploadRecord>> CompleteAsync(UploadRecord upload)
    {
        var ct = CancellationToken.None;
        Outcome<UserFile> stored;
        try
        {
            await using var content = new ChunkedContent(objects, upload.Chunks);
            stored = await intake.StoreAsync(upload.OwnerId, upload.Name, upload.DeclaredType, upload.Length, content, Fields, ct, upload.ProjectId);
        }
        catch (ChunkMissingException)
        {
            return FileRefusals.UploadNotFound(upload.Id);
        }
        if (stored.Refusal is { } refusal)
        {
            await rows.DeleteAsync(upload.Id, ct);
            await DeleteChunksAsync(upload.Id, ct);
            return refusal;
        }
        await rows.CompleteAsync(upload.Id, stored.Value.Id, ct);
        await DeleteChunksAsync(upload.Id, ct);
        return upload with { Chunks = [], FileId = stored.Value.Id };
    }

    /// <summary>Removes the owner's upload and its parts (never the file it became); false when they have no such upload.</summary>
    public async Task<bool> TerminateAsync(Guid id, Guid ownerId, CancellationToken ct)
    {
        if (!await rows.DeleteOwnedAsync(id, ownerId, clock.GetUtcNow(), ct))
            return false;
        await DeleteChunksAsync(id, ct);
        return true;
    }

    /// <summary>Removes up to <paramref name="batch"/> uploads expired by <paramref name="now"/> with their parts; answers how many.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, int batch, CancellationToken ct)
    {
        var removed = await rows.DeleteExpiredAsync(now, batch, ct);
        foreach (var id in removed)
            await DeleteChunksAsync(id, ct);
        return removed.Count;
    }

    // By listing, not by the row's keys: parts of attempts that lost a race or a host are under the same prefix.
    private async Task DeleteChunksAsync(Guid id, CancellationToken ct)
    {
        foreach (var chunk in await objects.ListAsync(PrefixOf(id), ct))
            await objects.DeleteAsync(chunk.Key, ct);
    }

    /// <summary>Where the parts of all uploads are kept in the object store, each upload's under <see cref="PrefixOf"/>.</summary>
    public const string Prefix = "uploads/";

    /// <summary>The prefix of the keys of an upload's parts in the object store.</summary>
    public static string PrefixOf(Guid id) => $"{Prefix}{id:N}/";

    /// <summary>The upload a part's <paramref name="key"/> belongs to; null when it is no key under <see cref="PrefixOf"/>.</summary>
    public static Guid? UploadIdOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) && key.IndexOf('/', Prefix.Length) is var slash and > 0
        && Guid.TryParseExact(key[Prefix.Length..slash], "N", out var id) ? id : null;
}
