using Platform.Contracts.Files;
using Platform.Storage.Objects;

namespace Platform.Storage.Files;

/// <summary>What became of a part sent to an upload.</summary>
public enum ChunkOutcome
{
    /// <summary>Stored and counted (or empty); the upload may have become its file.</summary>
    Stored,

    /// <summary>The upload was whole but its file was refused (its type, its owner's quota); the upload is removed.</summary>
    Refused,

    /// <summary>Another part moved the offset first; this one is dropped.</summary>
    OffsetMoved,

    /// <summary>The upload was terminated or expired meanwhile.</summary>
    Gone,

    /// <summary>The part would carry the upload past its length; nothing is stored.</summary>
    PastLength,

    /// <summary>The part is larger than one PATCH may carry; nothing is stored.</summary>
    TooLarge,
}

public sealed record ChunkResult(ChunkOutcome Outcome, UploadRecord? Upload = null, UploadRefusal? Refusal = null);

/// <summary>
/// Files sent in parts that may each reach any host. Every part is stored as an object of its own before one conditional
/// update moves the upload's offset past it, so a part cut short, or lost with its host, costs only itself. The part
/// that completes the upload turns the parts, read in order, into the owner's file through <see cref="FileIntake"/>,
/// which judges it as it judges any upload.
/// </summary>
public sealed class ResumableUploads(UploadRows rows, IObjectStore objects, FileIntake intake, FilesOptions options, TimeProvider clock)
{
    /// <summary>Opens an upload of <paramref name="length"/> bytes, refused early when it cannot become the owner's file.</summary>
    public async Task<(UploadRecord? Upload, UploadRefusal? Refusal)> OpenAsync(Guid ownerId, string? name, string? declaredType, long length,
        CancellationToken ct)
    {
        if (intake.RefusalBeforeContent(name, declaredType, length, remaining: long.MaxValue) is { } early)
            return (null, early);
        var now = clock.GetUtcNow();
        var upload = new UploadRecord(Guid.CreateVersion7(), ownerId, name!, declaredType, length, 0, [], null, now + options.UploadExpiry);
        if (await rows.OpenAsync(upload, now, held => RefusalFor(held, name, length), ct) is { } refusal)
            return (null, refusal);
        if (length > 0)
            return (upload, null);
        // No part will ever come for an empty file: it is whole as soon as it is open.
        var completed = await CompleteAsync(upload);
        return (completed.Upload, completed.Refusal);
    }

    // Open uploads hold the bytes they announced, so a user cannot claim more storage than they have by opening many.
    private UploadRefusal? RefusalFor(UploadHoldings held, string? name, long length)
    {
        if (held.OpenUploads >= options.MaxOpenUploadsPerUser)
            return new UploadRefusal(UploadRefusalKind.TooManyUploads, "upload",
                $"You may have at most {options.MaxOpenUploadsPerUser} unfinished uploads; finish or delete one first.");
        if (held.Files + held.OpenUploads >= options.MaxFilesPerUser)
            return intake.TooManyFiles();
        return intake.RefusalBeforeContent(name, null, length, options.MaxBytesPerUser - held.FileBytes - held.OpenUploadBytes);
    }

    /// <summary>The owner's upload until it expires, finished or not.</summary>
    public Task<UploadRecord?> FindAsync(Guid id, Guid ownerId, CancellationToken ct) => rows.FindOwnedAsync(id, ownerId, clock.GetUtcNow(), ct);

    /// <summary>The most bytes the upload's next part may carry.</summary>
    public long ChunkLimit(UploadRecord upload) => Math.Min(options.MaxChunkBytes, upload.Length - upload.Received);

    /// <summary>Why a part of <paramref name="count"/> bytes cannot follow what the upload holds; null when it can.</summary>
    public ChunkOutcome? Exceeds(UploadRecord upload, long count) =>
        count > upload.Length - upload.Received ? ChunkOutcome.PastLength
        : count > options.MaxChunkBytes ? ChunkOutcome.TooLarge
        : null;

    /// <summary>Stores <paramref name="body"/> as the part that follows what <paramref name="upload"/> holds, completing the upload with its last part.</summary>
    public async Task<ChunkResult> AppendAsync(UploadRecord upload, Stream body, CancellationToken ct)
    {
        var head = await HeadThenRest.ReadHeadAsync(body, 1, ct);
        if (head.Length == 0)
            return new ChunkResult(ChunkOutcome.Stored, upload);
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
            return new ChunkResult(Exceeds(upload, limit + 1)!.Value);
        }
        var now = clock.GetUtcNow();
        var expiresAt = now + options.UploadExpiry;
        if (!await rows.AdvanceAsync(upload.Id, upload.Received, measured.Count, key, expiresAt, now, CancellationToken.None))
        {
            await objects.DeleteAsync(key, CancellationToken.None);
            return await FindAsync(upload.Id, upload.OwnerId, CancellationToken.None) is { } moved
                ? new ChunkResult(ChunkOutcome.OffsetMoved, moved)
                : new ChunkResult(ChunkOutcome.Gone);
        }
        var advanced = upload with { Received = upload.Received + measured.Count, Chunks = [.. upload.Chunks, key], ExpiresAt = expiresAt };
        return advanced.Received < advanced.Length ? new ChunkResult(ChunkOutcome.Stored, advanced) : await CompleteAsync(advanced);
    }

    // Not the request's token: once the last part is in, a client hanging up must not leave the bytes short of their file.
    private async Task<ChunkResult> CompleteAsync(UploadRecord upload)
    {
        var ct = CancellationToken.None;
        UserFile? file;
        UploadRefusal? refusal;
        try
        {
            await using var content = new ChunkedContent(objects, upload.Chunks);
            (file, refusal) = await intake.StoreAsync(upload.OwnerId, upload.Name, upload.DeclaredType, upload.Length, content, ct);
        }
        catch (ChunkMissingException)
        {
            return new ChunkResult(ChunkOutcome.Gone);
        }
        if (refusal is not null)
        {
            await rows.DeleteAsync(upload.Id, ct);
            await DeleteChunksAsync(upload.Id, ct);
            return new ChunkResult(ChunkOutcome.Refused, Refusal: refusal);
        }
        await rows.CompleteAsync(upload.Id, file!.Id, ct);
        await DeleteChunksAsync(upload.Id, ct);
        return new ChunkResult(ChunkOutcome.Stored, upload with { Chunks = [], FileId = file.Id });
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
