using System.Security.Cryptography;
using System.Text;
using Platform.Storage.Objects;

namespace Platform.IntegrationTests.Storage;

/// <summary>What every <see cref="IObjectStore"/> does, whichever keeps the bytes; each test works under a prefix of its own.</summary>
public abstract class ObjectStoreContract
{
    protected abstract IObjectStore Store { get; }

    private readonly string _prefix = $"contract/{Guid.NewGuid():N}/";

    [Fact]
    public async Task An_object_put_opens_with_its_bytes_length_and_content_type()
    {
        await PutTextAsync("notes.txt", "hello, store", "text/plain");

        await using var opened = await Store.OpenAsync(_prefix + "notes.txt", CancellationToken.None);

        opened.Should().NotBeNull();
        (opened!.Length, opened.ContentType).Should().Be((12, "text/plain"));
        (await ReadTextAsync(opened)).Should().Be("hello, store");
    }

    [Fact]
    public async Task A_put_replaces_the_object_under_its_key()
    {
        await PutTextAsync("report", "the first, longer version", "text/plain");
        await PutTextAsync("report", "{}", "application/json");

        await using var opened = await Store.OpenAsync(_prefix + "report", CancellationToken.None);

        (opened!.Length, opened.ContentType).Should().Be((2, "application/json"));
        (await ReadTextAsync(opened)).Should().Be("{}");
        (await Store.ListAsync(_prefix, CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public async Task Opening_a_key_with_no_object_gives_null()
    {
        (await Store.OpenAsync(_prefix + "nothing-here", CancellationToken.None)).Should().BeNull();
        (await Store.ListAsync(_prefix, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_list_gives_every_object_under_the_prefix_by_key_and_nothing_else()
    {
        // More objects than a page of the S3 store under test holds, so the listing has to follow its pages.
        var names = Enumerable.Range(0, 7).Select(i => $"job/{i:00}.bin").Reverse().ToList();
        foreach (var name in names)
            await PutTextAsync(name, new string('x', names.IndexOf(name) + 1), "application/octet-stream");
        await PutTextAsync("job/nested/deep.png", "png", "image/png");
        // Not "job-other/…": s3rver pages in the order of its folders, where "job-" would come after "job/" rather than before.
        await PutTextAsync("jobs/1.bin", "no", "text/plain");
        await PutTextAsync("jobless", "no", "text/plain");

        var listed = await Store.ListAsync(_prefix + "job/", CancellationToken.None);

        listed.Select(o => o.Key[_prefix.Length..]).Should().Equal([.. names.Order(StringComparer.Ordinal), "job/nested/deep.png"]);
        listed.Should().ContainEquivalentOf(new ObjectInfo(_prefix + "job/06.bin", 1, "application/octet-stream"));
        listed.Should().ContainEquivalentOf(new ObjectInfo(_prefix + "job/nested/deep.png", 3, "image/png"));
        (await Store.ListAsync(_prefix + "job", CancellationToken.None)).Should().HaveCount(names.Count + 3, "a prefix need not end at a '/'");
    }

    [Fact]
    public async Task Keys_are_listed_under_their_prefix_with_when_each_object_was_written()
    {
        // More objects than a page of the S3 store under test holds, so the listing has to follow its pages.
        var names = Enumerable.Range(0, 7).Select(i => $"sweep/{i}").Append("sweep/nested/deep").ToList();
        foreach (var name in names)
            await PutTextAsync(name, name, "text/plain");
        await PutTextAsync("sweeping", "not under sweep/", "text/plain");

        var listed = new List<StoredKey>();
        await foreach (var stored in Store.ListKeysAsync(_prefix + "sweep/", CancellationToken.None))
            listed.Add(stored);

        listed.Select(k => k.Key).Should().BeEquivalentTo(names.Select(name => _prefix + name));
        listed.Should().AllSatisfy(k => k.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), "it was written just now"));
    }

    [Fact]
    public async Task A_delete_removes_the_object_and_one_of_a_missing_key_does_nothing()
    {
        await PutTextAsync("gone", "soon", "text/plain");
        await PutTextAsync("kept", "here", "text/plain");

        await Store.DeleteAsync(_prefix + "gone", CancellationToken.None);
        await Store.DeleteAsync(_prefix + "gone", CancellationToken.None);
        await Store.DeleteAsync(_prefix + "never-was", CancellationToken.None);

        (await Store.OpenAsync(_prefix + "gone", CancellationToken.None)).Should().BeNull();
        (await Store.ListAsync(_prefix, CancellationToken.None)).Select(o => o.Key).Should().Equal(_prefix + "kept");
    }

    [Fact]
    public async Task A_stream_of_several_megabytes_and_unknown_length_is_stored_whole()
    {
        const long length = 2 * S3ObjectStore.PartSize + 12345;
        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var content = new GeneratedStream(length, expected))
            await Store.PutAsync(_prefix + "big.bin", content, "application/x-big", CancellationToken.None);

        await using var opened = await Store.OpenAsync(_prefix + "big.bin", CancellationToken.None);

        (opened!.Length, opened.ContentType).Should().Be((length, "application/x-big"));
        Convert.ToHexString(await SHA256.HashDataAsync(opened.Content)).Should().Be(Convert.ToHexString(expected.GetHashAndReset()));
    }

    [Fact]
    public async Task A_put_whose_stream_fails_midway_leaves_nothing_to_see_and_the_object_before_it_in_place()
    {
        await PutTextAsync("kept", "the old bytes", "text/plain");

        // Past the first part, so a store that sends in parts has sent some.
        var failAfter = S3ObjectStore.PartSize + 1000;
        var failNew = () => Store.PutAsync(_prefix + "new", new GeneratedStream(3L * S3ObjectStore.PartSize, failAfter: failAfter), "text/plain", CancellationToken.None);
        var failKept = () => Store.PutAsync(_prefix + "kept", new GeneratedStream(3L * S3ObjectStore.PartSize, failAfter: failAfter), "text/plain", CancellationToken.None);

        await failNew.Should().ThrowAsync<IOException>().WithMessage("*broke*");
        await failKept.Should().ThrowAsync<IOException>().WithMessage("*broke*");
        (await Store.OpenAsync(_prefix + "new", CancellationToken.None)).Should().BeNull();
        (await Store.ListAsync(_prefix, CancellationToken.None)).Select(o => (o.Key, o.Length)).Should().Equal((_prefix + "kept", 13L));
        await using var kept = await Store.OpenAsync(_prefix + "kept", CancellationToken.None);
        (await ReadTextAsync(kept!)).Should().Be("the old bytes");
    }

    private async Task PutTextAsync(string name, string text, string contentType)
    {
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await Store.PutAsync(_prefix + name, content, contentType, CancellationToken.None);
    }

    private static async Task<string> ReadTextAsync(StoredObject stored)
    {
        using var reader = new StreamReader(stored.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>
    /// Bytes made as they are read, forward only and of no known length, as a request body is; hashes what it gives, and
    /// breaks with an <see cref="IOException"/> after <paramref name="failAfter"/> bytes when told to.
    /// </summary>
    private sealed class GeneratedStream(long length, IncrementalHash? hash = null, long failAfter = long.MaxValue) : Stream
    {
        private long _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAfter)
                throw new IOException("The body broke off midway.");
            var count = (int)Math.Min(buffer.Length, Math.Min(length, failAfter) - _position);
            for (var i = 0; i < count; i++)
                buffer[i] = (byte)((_position + i) * 31 % 251);
            hash?.AppendData(buffer[..count]);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
