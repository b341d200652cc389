using System.Security.Cryptography;

namespace Platform.Storage.Objects;

/// <summary>
/// Reads another stream forward while counting its bytes, hashing them (SHA-256) and keeping the first few for
/// content sniffing; past <paramref name="limit"/> bytes a read throws <see cref="TooLargeException"/>, so a store
/// that copies from it stops and keeps nothing.
/// </summary>
public sealed class MeasuredStream(Stream inner, long limit = long.MaxValue) : ForwardStream
{
    public const int HeadLength = 512;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[HeadLength];
    private int _headLength;

    public long Count { get; private set; }

    /// <summary>The first bytes read, up to <see cref="HeadLength"/>.</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    /// <summary>The SHA-256 of every byte read, in lower-case hex; read it once, at the end.</summary>
    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public static Stream Over(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    public override int Read(byte[] buffer, int offset, int count) => Seen(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var read = await inner.ReadAsync(buffer, ct);
        return Seen(buffer.Span[..read]);
    }

    private int Seen(ReadOnlySpan<byte> read)
    {
        Count += read.Length;
        if (Count > limit)
            throw new TooLargeException(limit);
        if (_headLength < HeadLength)
        {
            var take = Math.Min(HeadLength - _headLength, read.Length);
            read[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }
        _hash.AppendData(read);
        return read.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _hash.Dispose();
        base.Dispose(disposing);
    }

    public override long Position { get => Count; set => throw new NotSupportedException(); }
}

/// <summary>A body went past the bytes allowed for it.</summary>
public sealed class TooLargeException(long limit) : IOException($"The content is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
