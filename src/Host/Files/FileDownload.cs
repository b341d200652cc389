namespace Platform.Host.Files;

/// <summary>
/// How a user's stored bytes go out, whatever route serves them (files, artifacts, links, workers): as an attachment
/// under its name (<c>filename</c> and RFC 6266's <c>filename*</c>), never sniffed, sandboxed should a browser render it
/// after all (<see cref="SecurityHeaders.UserBytesContentSecurityPolicy"/>), with ranges when the store can seek.
/// </summary>
public static class FileDownload
{
    public static FileStreamHttpResult Of(HttpResponse response, Stream content, string contentType, string name, bool ranges = true)
    {
        SecurityHeaders.CarriesUserBytes(response);
        return TypedResults.File(content, contentType, name, enableRangeProcessing: ranges && content.CanSeek);
    }
}
