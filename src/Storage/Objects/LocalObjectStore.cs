using System.Runtime.CompilerServices;

namespace Platform.Storage.Objects;

/// <summary>
/// Objects as files under one folder, a key's segments as folders. The content type is kept beside each file under a
/// name no key can have. Hosts share it only when they share the folder.
/// </summary>
public sealed class LocalObjectStore(string root) : IObjectStore
{
    public string Root { get; } = root;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken ct)
    {
        var path = PathOf(key);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        // Hidden until whole: a write that fails (a body over its limit, say) leaves nothing a reader or a list would see.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await content.CopyToAsync(file, ct);
            await File.WriteAllTextAsync(ContentTypePath(path), contentType, ct);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<StoredObject?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<StoredObject?>(new StoredObject(file, file.Length, ReadContentType(path)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredObject?>(null);
        }
    }

    public Task<IReadOnlyList<ObjectInfo>> ListAsync(string prefix, CancellationToken ct)
    {
        IReadOnlyList<ObjectInfo> found = KeysUnder(prefix)
            .Order(StringComparer.Ordinal)
            .Select(key => new ObjectInfo(key, new FileInfo(PathOf(key)).Length, ReadContentType(PathOf(key))))
            .ToList();
        return Task.FromResult(found);
    }

    public async IAsyncEnumerable<StoredKey> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var key in KeysUnder(prefix))
        {
            ct.ThrowIfCancellationRequested();
            var written = File.GetLastWriteTimeUtc(PathOf(key));
            // A file deleted after it was listed reads as written in 1601: gone, it is nothing to sweep.
            if (written.Year > 1601)
                yield return new StoredKey(key, new DateTimeOffset(written, TimeSpan.Zero));
        }
        await Task.CompletedTask;
    }

    // A prefix ends in '/' for a folder's contents; anything else also matches names that start with its last part.
    private IEnumerable<string> KeysUnder(string prefix)
    {
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? Root : Path.Combine(Root, prefix[..slash]);
        if (!Directory.Exists(folder) || (slash > 0 && !ObjectKeys.IsValid(prefix[..slash])))
            return [];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && ObjectKeys.IsValid(key));
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        File.Delete(path);
        File.Delete(ContentTypePath(path));
        var folder = Path.GetDirectoryName(path)!;
        // An emptied folder goes too, so a job's or an upload's folder does not outlive its last object.
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any() && folder != Root)
            try { Directory.Delete(folder); } catch (IOException) { } // another writer put something there meanwhile
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(Root, ObjectKeys.Require(key).Replace('/', Path.DirectorySeparatorChar));

    private static string ContentTypePath(string path) => Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.content-type");

    private static string ReadContentType(string path) =>
        File.Exists(ContentTypePath(path)) ? File.ReadAllText(ContentTypePath(path)) : "application/octet-stream";
}
