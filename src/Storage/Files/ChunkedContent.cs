using Platform.Storage.Objects;

namespace Platform.Storage.Files;

/// <summary>The stored parts of an upload read one after another as one forward stream, each opened when the one before it ends.</summary>
public sealed class ChunkedContent(IObjectStore objects, IReadOnlyList<string> keys) : ForwardStream
{
    private int _next;
    private Stream? _current;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next == keys.Count)
                    return 0;
                var stored = await objects.OpenAsync(keys[_next], ct) ?? throw new ChunkMissingException(keys[_next]);
                _next++;
                _current = stored.Content;
            }
            if (await _current.ReadAsync(buffer, ct) is var read and > 0)
                return read;
            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _current?.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A part of an upload was removed while the upload was being read: it was terminated or expired meanwhile.</summary>
public sealed class ChunkMissingException(string key) : IOException($"The upload's part {key} is gone.");
