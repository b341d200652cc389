namespace Platform.Storage.Objects;

/// <summary>A forward stream that gives bytes already read from another stream before the rest of that stream.</summary>
public sealed class HeadThenRest(ReadOnlyMemory<byte> head, Stream rest) : ForwardStream
{
    private ReadOnlyMemory<byte> _head = head;

    /// <summary>Reads up to <paramref name="length"/> bytes from the start of <paramref name="content"/>, fewer only at its end.</summary>
    public static async Task<byte[]> ReadHeadAsync(Stream content, int length, CancellationToken ct)
    {
        var buffer = new byte[length];
        var filled = await content.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false, ct);
        return buffer[..filled];
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_head.IsEmpty)
            return await rest.ReadAsync(buffer, ct);
        var take = Math.Min(buffer.Length, _head.Length);
        _head[..take].CopyTo(buffer);
        _head = _head[take..];
        return take;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_head.IsEmpty)
            return rest.Read(buffer, offset, count);
        var take = Math.Min(count, _head.Length);
        _head[..take].CopyTo(buffer.AsMemory(offset));
        _head = _head[take..];
        return take;
    }
}
