using System.Text;

namespace Platform.Storage.Files;

/// <summary>
/// What a file is, judged by its first bytes and not only by what its uploader said: a known format's signature wins,
/// text must be UTF-8 without control characters, and a declared type the bytes contradict is refused.
/// </summary>
public static class ContentSniffer
{
    public const string Binary = "application/octet-stream";

    private static readonly (string Type, Func<byte[], bool> Matches)[] Signatures =
    [
        ("image/png", b => Starts(b, 0, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])),
        ("image/jpeg", b => Starts(b, 0, [0xFF, 0xD8, 0xFF])),
        ("image/gif", b => Starts(b, 0, "GIF87a"u8) || Starts(b, 0, "GIF89a"u8)),
        ("image/webp", b => Starts(b, 0, "RIFF"u8) && Starts(b, 8, "WEBP"u8)),
        ("audio/wav", b => Starts(b, 0, "RIFF"u8) && Starts(b, 8, "WAVE"u8)),
        ("audio/flac", b => Starts(b, 0, "fLaC"u8)),
        ("audio/ogg", b => Starts(b, 0, "OggS"u8)),
        ("audio/mpeg", b => Starts(b, 0, "ID3"u8)),
        ("video/mp4", b => Starts(b, 4, "ftyp"u8)),
        ("application/pdf", b => Starts(b, 0, "%PDF-"u8)),
        ("application/zip", b => Starts(b, 0, [(byte)'P', (byte)'K', 3, 4]) || Starts(b, 0, [(byte)'P', (byte)'K', 5, 6])),
        ("application/gzip", b => Starts(b, 0, [0x1F, 0x8B])),
        ("application/x-npy", b => Starts(b, 0, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'])),
        ("application/vnd.apache.parquet", b => Starts(b, 0, "PAR1"u8)),
    ];

    // Formats that are a zip inside: declared as themselves, their bytes read as a zip.
    private static readonly string[] ZipFormats = ["application/vnd.openxmlformats-", "application/epub+zip", "application/java-archive"];

    private static readonly Dictionary<string, string> TextByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = "text/csv", [".tsv"] = "text/tab-separated-values", [".json"] = "application/json", [".jsonl"] = "application/jsonl",
        [".ndjson"] = "application/x-ndjson", [".md"] = "text/markdown", [".txt"] = "text/plain", [".xml"] = "application/xml",
        [".yaml"] = "application/yaml", [".yml"] = "application/yaml", [".html"] = "text/html", [".svg"] = "image/svg+xml",
    };

    /// <summary>The content type to store for <paramref name="head"/>, or why the declared one cannot be taken.</summary>
    public static (string? ContentType, string? Problem) Decide(ReadOnlySpan<byte> head, string? declared, string name)
    {
        var claimed = Normalize(declared);
        var bytes = head.ToArray();
        var signature = Signatures.FirstOrDefault(s => s.Matches(bytes)).Type;
        if (signature is not null)
        {
            if (claimed is null || claimed == Binary || claimed == signature || (signature == "application/zip" && ZipFormats.Any(claimed.StartsWith)))
                return (claimed is null || claimed == Binary ? signature : claimed, null);
            return (null, $"is {claimed}, but the file's bytes are {signature}.");
        }
        var text = bytes.Length > 0 && IsText(bytes);
        if (claimed is null || claimed == Binary)
            return (text ? TextByExtension.GetValueOrDefault(Path.GetExtension(name), "text/plain") : Binary, null);
        if (IsTextType(claimed))
            return text || bytes.Length == 0 ? (claimed, null) : (null, $"is {claimed}, but the file's bytes are not UTF-8 text.");
        if (Signatures.Any(s => s.Type == claimed))
            return (null, $"is {claimed}, but the file's bytes are not {claimed}.");
        // A format this platform knows no signature of: taken as declared; downloads are attachments, never rendered.
        return (claimed, null);
    }

    /// <summary>Whether a stored type satisfies one of the accepted ones (<c>text/csv</c>, <c>image/*</c>, <c>*/*</c>).</summary>
    public static bool Suits(string contentType, IEnumerable<string> accepted) => accepted.Any(pattern =>
        pattern == "*/*" || pattern.Equals(contentType, StringComparison.OrdinalIgnoreCase)
        || (pattern.EndsWith("/*", StringComparison.Ordinal) && contentType.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)));

    public static bool IsTextType(string type) => type.StartsWith("text/", StringComparison.Ordinal)
        || type is "application/json" or "application/jsonl" or "application/x-ndjson" or "application/xml" or "application/yaml" or "image/svg+xml"
        || type.EndsWith("+json", StringComparison.Ordinal) || type.EndsWith("+xml", StringComparison.Ordinal);

    private static string? Normalize(string? declared)
    {
        var type = declared?.Split(';')[0].Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(type) ? null : type;
    }

    // UTF-8 (a character cut at the end of the head is fine) with no control characters but tab, line breaks and form feed.
    private static bool IsText(byte[] bytes)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[bytes.Length];
        try
        {
            var count = decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush: false);
            return chars.Take(count).All(c => c >= ' ' || c is '\t' or '\n' or '\r' or '\f');
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool Starts(byte[] bytes, int at, ReadOnlySpan<byte> signature) =>
        bytes.Length >= at + signature.Length && bytes.AsSpan(at, signature.Length).SequenceEqual(signature);
}
