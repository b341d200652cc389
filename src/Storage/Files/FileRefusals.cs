using Platform.Contracts.Files;
using Platform.Storage.Outcomes;

namespace Platform.Storage.Files;

/// <summary>
/// What the parts of a file are called where its sender gave them: a whole upload's query and form fields, or a resumable
/// upload's tus headers. Refusals name the field the sender can change.
/// </summary>
public sealed record FileFields(string Name, string ContentType, string Size)
{
    public static FileFields OfWholeUpload { get; } = new("name", "contentType", "file");

    public static FileFields OfResumableUpload { get; } =
        new($"{Tus.MetadataHeader}.{Tus.FileNameKey}", $"{Tus.MetadataHeader}.{Tus.FileTypeKey}", Tus.LengthHeader);
}

/// <summary>Why a file or an upload of one is refused, worded as every caller sees it.</summary>
public static class FileRefusals
{
    // Another user's file or upload is "not found" too: a 403 would confirm that the id exists.
    public static Refusal NotFound(Guid fileId) => new(RefusalKind.NotFound, "not_found", "File not found.", $"There is no file {fileId}.");

    public static Refusal UploadNotFound(Guid uploadId) =>
        new(RefusalKind.NotFound, "not_found", "Upload not found.", $"There is no upload {uploadId}, or it expired.");

    public static Refusal InUse(Guid fileId, string holder) => Refusal.Conflict("file_in_use", "The file is in use.",
        $"Your {holder} names file {fileId}; delete the file once that job has finished or that schedule is deleted.");

    public static Refusal TooLarge(FileFields fields, long maxBytes) =>
        Refusal.TooLarge("file_too_large", "The file is too large.", $"{fields.Size} must be at most {maxBytes} bytes.");

    public static Refusal OverQuota(FileFields fields, long maxBytes, long remaining) => QuotaReached(fields,
        $"does not fit in your storage: your files may take {maxBytes} bytes together and {Math.Max(0, remaining)} are left.");

    public static Refusal TooManyFiles(FileFields fields, int maxFiles) => QuotaReached(fields, $"You may keep at most {maxFiles} files; delete some first.");

    public static Refusal TooManyUploads(int maxOpen) => Refusal.TooMany("too_many_uploads", "You have too many unfinished uploads.",
        $"You may have at most {maxOpen} unfinished uploads; finish or delete one first.");

    public static Refusal OffsetMoved(UploadRecord upload) => Refusal.Conflict("upload_offset_mismatch", "The upload is not at that offset.",
        $"{upload.Received} of its {upload.Length} bytes have arrived; send the part that starts there.");

    public static Refusal PastLength(UploadRecord upload) => Refusal.TooLarge("upload_length_exceeded", "The part passes the upload's length.",
        $"{upload.Received} of its {upload.Length} bytes have arrived; the part may carry {upload.Length - upload.Received} more at most.");

    public static Refusal ChunkTooLarge(long maxChunkBytes) =>
        Refusal.TooLarge("chunk_too_large", "The part is too large.", $"One part may carry at most {maxChunkBytes} bytes.");

    private static Refusal QuotaReached(FileFields fields, string message) =>
        Refusal.TooLarge("file_quota_reached", "Your files take all the storage you have.", $"{fields.Size} {message}");
}
