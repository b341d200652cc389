using System.Text;

namespace Platform.Contracts.Files;

/// <summary>
/// Resumable uploads as host and SDK speak them: tus 1.0.0 (https://tus.io/protocols/resumable-upload), its headers and
/// its <c>Upload-Metadata</c>, comma-separated pairs of a key and its value in base64.
/// </summary>
public static class Tus
{
    public const string Version = "1.0.0";
    public const string Extensions = "creation,termination,expiration";

    public const string ResumableHeader = "Tus-Resumable";
    public const string VersionHeader = "Tus-Version";
    public const string ExtensionHeader = "Tus-Extension";
    public const string MaxSizeHeader = "Tus-Max-Size";
    public const string OffsetHeader = "Upload-Offset";
    public const string LengthHeader = "Upload-Length";
    public const string MetadataHeader = "Upload-Metadata";
    public const string ExpiresHeader = "Upload-Expires";

    /// <summary>Not tus's own: on the PATCH that completes an upload (and its HEAD after), the id of the file it became.</summary>
    public const string FileIdHeader = "Upload-File-Id";

    /// <summary>The content type of every PATCH's body.</summary>
    public const string ChunkContentType = "application/offset+octet-stream";

    /// <summary>The metadata keys of the file's name and declared content type.</summary>
    public const string FileNameKey = "filename";
    public const string FileTypeKey = "filetype";

    /// <summary>The metadata key naming one of the owner's projects the file goes into, its id as text.</summary>
    public const string ProjectKey = "project";

    public static string EncodeMetadata(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join(',', pairs.Select(pair => $"{pair.Key} {Convert.ToBase64String(Encoding.UTF8.GetBytes(pair.Value))}"));

    /// <summary>The pairs of an <c>Upload-Metadata</c> header (none when it is absent), or null when a key repeats or a value is not base64 of UTF-8.</summary>
    public static IReadOnlyDictionary<string, string>? ParseMetadata(string? header)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header))
            return pairs;
        foreach (var pair in header.Split(','))
        {
            var parts = pair.Trim().Split(' ');
            var key = parts[0];
            if (parts.Length > 2 || key.Length == 0 || pairs.ContainsKey(key))
                return null;
            if (DecodeValue(parts.Length == 2 ? parts[1] : "") is not { } value)
                return null;
            pairs[key] = value;
        }
        return pairs;
    }

    private static string? DecodeValue(string base64)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(base64));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }
}
