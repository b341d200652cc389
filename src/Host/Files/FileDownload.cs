using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Host.Files;

/// <summary>How stored bytes go out: as an attachment never rendered or sniffed by a browser, with ranges when the store can seek.</summary>
public static class FileDownload
{
    public static FileStreamHttpResult Of(HttpResponse response, Stream content, string contentType, string name, bool ranges = true)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.File(content, contentType, name, enableRangeProcessing: ranges && content.CanSeek);
    }
}
