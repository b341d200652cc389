using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Contracts;
using Platform.Contracts.Files;
using Platform.Contracts.Jobs;

namespace Platform.Client;

// Uploaded files, which jobs' input names as {"file": "<id>"}.
public sealed partial class PlatformClient
{
    /// <summary>
    /// Uploads what <paramref name="content"/> holds as a file named <paramref name="name"/>. The platform judges its type
    /// from its bytes; <paramref name="contentType"/> is checked against them. Sent once: a stream cannot be sent again.
    /// </summary>
    public Task<UserFile> UploadFileAsync(Stream content, string name, string contentType = "application/octet-stream", CancellationToken ct = default) =>
        UploadAsync($"api/v1/files?name={Uri.EscapeDataString(name)}", content, contentType, ct);

    private async Task<UserFile> UploadAsync(string path, Stream content, string contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Address(path));
        request.Content = new StreamContent(content);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        await _credentials.ApplyAsync(request, ct);
        using var response = await http.SendAsync(request, ct);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return (await response.Content.ReadFromJsonAsync<UserFile>(PlatformJson.Options, ct))!;
    }

    public Task<Page<UserFile>> ListFilesAsync(int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<UserFile>>(HttpMethod.Get, $"api/v1/files?page={page}&pageSize={pageSize}", null, ct);

    public Task<UserFile> GetFileAsync(Guid fileId, CancellationToken ct = default) =>
        SendAsync<UserFile>(HttpMethod.Get, $"api/v1/files/{fileId}", null, ct);

    public async Task<byte[]> DownloadFileAsync(Guid fileId, CancellationToken ct = default)
    {
        using var response = await RawSendAsync(HttpMethod.Get, $"api/v1/files/{fileId}/content", null, ct);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>A link that downloads the file without credentials until it expires (once only if asked); deleting the file revokes it.</summary>
    public Task<DownloadLink> CreateFileLinkAsync(Guid fileId, TimeSpan? lifetime = null, bool once = false, CancellationToken ct = default) =>
        SendAsync<DownloadLink>(HttpMethod.Post, $"api/v1/files/{fileId}/link",
            new CreateLinkRequest(lifetime is { } span ? (int)Math.Ceiling(span.TotalSeconds) : null, once), ct);

    /// <summary>Deletes the file; refused (409 <c>file_in_use</c>) while a queued or running job names it.</summary>
    public Task DeleteFileAsync(Guid fileId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/files/{fileId}", null, ct);
}
