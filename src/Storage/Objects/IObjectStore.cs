namespace Platform.Storage.Objects;

/// <summary>
/// Where the platform keeps bytes: job artifacts, uploaded files and the parts of resumable uploads, under keys such as
/// <c>files/{id}</c>. A local folder by default; an S3-compatible bucket when hosts on several machines must share them.
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores what <paramref name="content"/> holds under <paramref name="key"/>, replacing any object there; never visible half written.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken ct);

    /// <summary>The object, or null when there is none under the key.</summary>
    Task<StoredObject?> OpenAsync(string key, CancellationToken ct);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, by key.</summary>
    Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken ct);

    /// <summary>
    /// Every key that starts with <paramref name="prefix"/>, in no set order, with when its object was written, as the
    /// store lists them page by page: cheaper than <see cref="ListAsync"/> (no content types), for sweeping a whole folder.
    /// </summary>
    IAsyncEnumerable<StoredKey> ListKeysAsync(string prefix, CancellationToken ct);

    /// <summary>Removes the object; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>An object's key, size and content type.</summary>
public sealed record ObjectInfo(string Key, long Length, string ContentType);

/// <summary>An object's key and when it was last written.</summary>
public sealed record StoredKey(string Key, DateTimeOffset LastModified);

/// <summary>An opened object: its bytes as a stream the caller disposes, and what it is.</summary>
public sealed record StoredObject(Stream Content, long Length, string ContentType) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
