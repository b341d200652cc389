using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Platform.Contracts.Files;

namespace Platform.Client;

// Resumable uploads (tus 1.0.0): a large file in parts, each sent again from where the platform stands after a failure.
public sealed partial class PlatformClient
{
    /// <summary>The size of a resumable upload's parts unless the caller gives one.</summary>
    public const long DefaultChunkBytes = 8L << 20;

    private const int MaxFailuresInARow = 5;

    /// <summary>
    /// Uploads what <paramref name="content"/> holds, from its position to its end, as a file named <paramref name="name"/>,
    /// in parts of <paramref name="chunkBytes"/> (8 MiB unless given; at most the platform's <c>Files:MaxChunkBytes</c>).
    /// A part that fails (a dropped connection, a host that went away) is sent again from the offset the platform
    /// reports, seeking the stream when it can and otherwise from a copy of the part. <paramref name="progress"/> hears
    /// the bytes stored so far. The stream must know its length.
    /// </summary>
    public async Task<UserFile> UploadFileResumableAsync(Stream content, string name, string contentType = "application/octet-stream",
        long? chunkBytes = null, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var parts = new UploadParts(content, chunkBytes ?? DefaultChunkBytes);
        var (location, state) = await CreateUploadAsync(parts.Length, name, contentType, ct);
        var stateKnown = true;
        for (var failures = 0; ;)
        {
            try
            {
                if (!stateKnown)
                    state = await ReadUploadStateAsync(location, ct);
                stateKnown = true;
                if (state.FileId is { } fileId)
                    return await GetFileAsync(fileId, ct);
                if (state.Offset == parts.Length)
                    throw new IOException("Every byte arrived, but the platform has not yet said which file they became.");
                state = await SendPartAsync(location, parts, state.Offset, ct);
                failures = 0;
                progress?.Report(state.Offset);
            }
            catch (Exception e) when (IsWorthResuming(e, ct) && ++failures < MaxFailuresInARow)
            {
                stateKnown = false;
                await Task.Delay(TimeSpan.FromMilliseconds(250 << failures), ct);
            }
        }
    }

    private sealed record UploadState(long Offset, Guid? FileId);

    private async Task<(string Location, UploadState State)> CreateUploadAsync(long length, string name, string contentType, CancellationToken ct)
    {
        using var response = await SendTusAsync(HttpMethod.Post, "api/v1/uploads", request =>
        {
            request.Headers.Add(Tus.LengthHeader, length.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(Tus.MetadataHeader, Tus.EncodeMetadata([new(Tus.FileNameKey, name), new(Tus.FileTypeKey, contentType)]));
        }, ct);
        var location = response.Headers.Location ?? throw new PlatformApiException(response.StatusCode, "The upload has no Location.", null,
            new Dictionary<string, string[]>());
        // Relative to the API's base address, which may have a path of its own.
        return (location.IsAbsoluteUri ? location.AbsoluteUri : location.OriginalString.TrimStart('/'), StateOf(response));
    }

    private async Task<UploadState> ReadUploadStateAsync(string location, CancellationToken ct)
    {
        using var response = await SendTusAsync(HttpMethod.Head, location, _ => { }, ct);
        return StateOf(response);
    }

    private async Task<UploadState> SendPartAsync(string location, UploadParts parts, long offset, CancellationToken ct)
    {
        using var part = await parts.FromAsync(offset, ct);
        using var response = await SendTusAsync(HttpMethod.Patch, location, request =>
        {
            request.Headers.Add(Tus.OffsetHeader, offset.ToString(CultureInfo.InvariantCulture));
            request.Content = part;
        }, ct);
        return StateOf(response);
    }

    private static UploadState StateOf(HttpResponseMessage response) => new(
        long.Parse(response.Headers.GetValues(Tus.OffsetHeader).Single(), CultureInfo.InvariantCulture),
        response.Headers.TryGetValues(Tus.FileIdHeader, out var fileId) ? Guid.Parse(fileId.Single()) : null);

    private async Task<HttpResponseMessage> SendTusAsync(HttpMethod method, string path, Action<HttpRequestMessage> prepare, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Address(path));
        request.Headers.Add(Tus.ResumableHeader, Tus.Version);
        prepare(request);
        await _credentials.ApplyAsync(request, ct);
        var response = await http.SendAsync(request, ct);
        try
        {
            await PlatformApiException.ThrowIfFailedAsync(response, ct);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return response;
    }

    // Worth asking where the upload stands and going on: the connection failed, or the answer says a host could not
    // take the part (another part moved the offset, a host went away or was busy). Anything else would fail again.
    private static bool IsWorthResuming(Exception e, CancellationToken ct) => e switch
    {
        OperationCanceledException => !ct.IsCancellationRequested,
        HttpRequestException or IOException => true,
        PlatformApiException { Status: HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests } => true,
        PlatformApiException problem => (int)problem.Status >= 500,
        _ => false,
    };

    /// <summary>
    /// Where a part's bytes come from: the stream itself when it can seek, so a part can start anywhere; otherwise a
    /// copy of the last part read, kept until the next one is read, so a failed part can be sent again.
    /// </summary>
    private sealed class UploadParts
    {
        private readonly Stream _content;
        private readonly long _partBytes;
        private readonly long _start;
        private byte[] _copy = [];
        private long _copyOffset;

        public UploadParts(Stream content, long partBytes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(partBytes, 1);
            _content = content;
            _partBytes = partBytes;
            try
            {
                _start = content.CanSeek ? content.Position : 0;
                Length = content.Length - _start;
            }
            catch (NotSupportedException)
            {
                throw new ArgumentException("A resumable upload needs a stream that knows its length.", nameof(content));
            }
        }

        public long Length { get; }

        public async Task<HttpContent> FromAsync(long offset, CancellationToken ct)
        {
            var count = Math.Min(_partBytes, Length - offset);
            if (_content.CanSeek)
            {
                _content.Position = _start + offset;
                return Labelled(new PartContent(_content, count));
            }
            if (offset == _copyOffset + _copy.Length)
            {
                var next = new byte[checked((int)count)];
                try
                {
                    await _content.ReadExactlyAsync(next, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Not worth resuming: what the failed read took cannot be read again.
                    throw new InvalidOperationException("The stream failed while a part was read from it, and it cannot seek back.", e);
                }
                (_copy, _copyOffset) = (next, offset);
            }
            else if (offset < _copyOffset || offset > _copyOffset + _copy.Length)
                throw new InvalidOperationException($"The platform holds {offset} bytes, outside the part kept, and the stream cannot seek.");
            var from = (int)(offset - _copyOffset);
            return Labelled(new ByteArrayContent(_copy, from, (int)Math.Min(count, _copy.Length - from)));
        }

        private static HttpContent Labelled(HttpContent part)
        {
            part.Headers.ContentType = new MediaTypeHeaderValue(Tus.ChunkContentType);
            return part;
        }
    }

    /// <summary>The next <c>count</c> bytes of a stream as a request body, read as they are sent.</summary>
    private sealed class PartContent(Stream source, long count) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            var buffer = new byte[81920];
            for (var left = count; left > 0;)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
                if (read == 0)
                    throw new EndOfStreamException("The stream ended before its length.");
                await stream.WriteAsync(buffer.AsMemory(0, read), ct);
                left -= read;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = count;
            return true;
        }
    }
}
