using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Platform.Contracts.Files;

namespace Platform.IntegrationTests.Files;

/// <summary>Resumable upload requests as a tus client sends them, one at a time, so a test can do what a client would not.</summary>
internal static class TusRequests
{
    public static Task<HttpResponseMessage> CreateAsync(HttpClient http, long length, string name, string? type = null, Guid? project = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/uploads");
        request.Headers.Add(Tus.ResumableHeader, Tus.Version);
        request.Headers.Add(Tus.LengthHeader, length.ToString(CultureInfo.InvariantCulture));
        var metadata = new Dictionary<string, string> { [Tus.FileNameKey] = name };
        if (type is not null)
            metadata[Tus.FileTypeKey] = type;
        if (project is not null)
            metadata[Tus.ProjectKey] = project.Value.ToString();
        request.Headers.Add(Tus.MetadataHeader, Tus.EncodeMetadata(metadata));
        return http.SendAsync(request);
    }

    /// <summary>Opens an upload and answers where it lives.</summary>
    public static async Task<string> OpenAsync(HttpClient http, long length, string name, string? type = null, Guid? project = null)
    {
        using var response = await CreateAsync(http, length, name, type, project);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    public static Guid IdOf(string location) => Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);

    public static Task<HttpResponseMessage> PatchAsync(HttpClient http, string location, long offset, byte[] part) =>
        PatchAsync(http, location, offset, new ByteArrayContent(part));

    public static Task<HttpResponseMessage> PatchAsync(HttpClient http, string location, long offset, HttpContent part)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = part };
        request.Headers.Add(Tus.ResumableHeader, Tus.Version);
        request.Headers.Add(Tus.OffsetHeader, offset.ToString(CultureInfo.InvariantCulture));
        part.Headers.ContentType = new MediaTypeHeaderValue(Tus.ChunkContentType);
        return http.SendAsync(request);
    }

    /// <summary>Sends a part that must be stored, and answers the offset after it.</summary>
    public static async Task<long> AppendAsync(HttpClient http, string location, long offset, byte[] part)
    {
        using var response = await PatchAsync(http, location, offset, part);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        return OffsetOf(response);
    }

    public static Task<HttpResponseMessage> HeadAsync(HttpClient http, string location) => SendAsync(http, HttpMethod.Head, location);

    public static Task<HttpResponseMessage> DeleteAsync(HttpClient http, string location) => SendAsync(http, HttpMethod.Delete, location);

    public static long OffsetOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.GetValues(Tus.OffsetHeader).Single(), CultureInfo.InvariantCulture);

    public static Guid? FileIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Tus.FileIdHeader, out var values) ? Guid.Parse(values.Single()) : null;

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string location)
    {
        var request = new HttpRequestMessage(method, location);
        request.Headers.Add(Tus.ResumableHeader, Tus.Version);
        return http.SendAsync(request);
    }
}

/// <summary>Bytes that fail once, as a dropped connection would, after <c>failAfter</c> of them were read; seekable or not, their length known either way.</summary>
internal sealed class FlakyStream(byte[] bytes, long failAfter, bool seekable = true) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);
    private bool _failed;

    public bool Failed => _failed;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (!_failed && _inner.Position >= failAfter)
        {
            _failed = true;
            throw new IOException("The connection dropped.");
        }
        var allowed = _failed ? count : (int)Math.Min(count, failAfter - _inner.Position);
        return _inner.Read(buffer, offset, allowed);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var array = new byte[buffer.Length];
        var read = Read(array, 0, array.Length);
        array.AsSpan(0, read).CopyTo(buffer.Span);
        return ValueTask.FromResult(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => seekable;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = seekable ? value : throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => seekable ? _inner.Seek(offset, origin) : throw new NotSupportedException();
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
