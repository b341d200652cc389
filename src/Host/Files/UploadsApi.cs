using System.Globalization;
using Microsoft.Net.Http.Headers;
using Platform.Contracts;
using Platform.Contracts.Files;
using Platform.Storage.Files;

namespace Platform.Host.Files;

/// <summary>
/// Large files in parts that survive a dropped connection or a host going away: the tus 1.0.0 protocol (core, creation,
/// termination, expiration), so off-the-shelf tus clients work. The completed upload becomes a file like any other.
/// </summary>
public static class UploadsApi
{
    public static RouteGroupBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapApiGroup("/api/v1/uploads", "Files", Scopes.JobsWrite)
            .AddEndpointFilter(RequireTusVersionAsync);

        uploads.MapMethods("/", [HttpMethods.Options], Capabilities)
            .Describe("DescribeUploads", "The tus version, extensions and largest upload this platform takes");
        uploads.MapPost("/", CreateAsync)
            .Describe("CreateUpload", "Open a resumable upload: Upload-Length, and Upload-Metadata with the filename (and filetype, and a project's id) in base64")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        uploads.MapMethods("/{id:guid}", [HttpMethods.Head], OffsetAsync)
            .Describe("GetUploadOffset", "How many bytes of the upload have arrived (Upload-Offset); Upload-File-Id once it became a file");
        uploads.MapPatch("/{id:guid}", AppendAsync)
            .Describe("AppendToUpload", "Send the next part (application/offset+octet-stream) from Upload-Offset; the last part answers Upload-File-Id")
            .AcceptsBytes(["application/offset+octet-stream"])
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        uploads.MapDelete("/{id:guid}", TerminateAsync)
            .Describe("DeleteUpload", "Abandon an upload and remove what arrived of it");
        return uploads;
    }

    // tus asks every request but OPTIONS to name the protocol's version, and every response to name it back.
    private static async ValueTask<object?> RequireTusVersionAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers[Tus.ResumableHeader] = Tus.Version;
        if (HttpMethods.IsOptions(http.Request.Method) || http.Request.Headers[Tus.ResumableHeader] == Tus.Version)
            return await next(context);
        http.Response.Headers[Tus.VersionHeader] = Tus.Version;
        return ApiProblems.Create(StatusCodes.Status412PreconditionFailed, "unsupported_tus_version", "This tus version is not spoken here.",
            $"Send {Tus.ResumableHeader}: {Tus.Version} with every request.");
    }

    private static NoContent Capabilities(HttpResponse response, FilesOptions options)
    {
        response.Headers[Tus.VersionHeader] = Tus.Version;
        response.Headers[Tus.ExtensionHeader] = Tus.Extensions;
        response.Headers[Tus.MaxSizeHeader] = options.MaxFileBytes.ToString(CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created, ProblemHttpResult, ValidationProblem>> CreateAsync(
        HttpRequest request, HttpResponse response, ClaimsPrincipal caller, ResumableUploads uploads, CancellationToken ct)
    {
        if (ByteCount(request.Headers[Tus.LengthHeader]) is not { } length)
            return ApiProblems.Invalid(Tus.LengthHeader, "is required: the file's size in bytes.");
        if (Tus.ParseMetadata(request.Headers[Tus.MetadataHeader]) is not { } metadata)
            return ApiProblems.Invalid(Tus.MetadataHeader, "must be comma-separated pairs of a key and its value in base64 (UTF-8), each key once.");
        // Values are decoded text: a control character that base64 hid is refused here, naming its key, whether or not the key is one the platform keeps.
        if (metadata.FirstOrDefault(pair => !StorableText.AllowsAsLine(pair.Value)).Key is { } unfit)
            return ApiProblems.Invalid($"{Tus.MetadataHeader}.{unfit}", StorableText.LineProblem);
        Guid? project = null;
        if (metadata.GetValueOrDefault(Tus.ProjectKey) is { } named)
        {
            if (!Guid.TryParse(named, out var projectId))
                return ApiProblems.Invalid($"{Tus.MetadataHeader}.{Tus.ProjectKey}", "must be the id of one of your projects.");
            project = projectId;
        }
        var opened = await uploads.OpenAsync(caller.OwnerGuidOf(), metadata.GetValueOrDefault(Tus.FileNameKey),
            metadata.GetValueOrDefault(Tus.FileTypeKey), length, ct, project);
        return opened.Answer(upload =>
        {
            DescribeProgress(response, upload);
            return TypedResults.Created($"/api/v1/uploads/{upload.Id}");
        });
    }

    private static async Task<Results<Ok, ProblemHttpResult>> OffsetAsync(
        Guid id, HttpResponse response, ClaimsPrincipal caller, ResumableUploads uploads, CancellationToken ct)
    {
        if (await uploads.FindAsync(id, caller.OwnerGuidOf(), ct) is not { } upload)
            return NotFound(id);
        response.Headers.CacheControl = "no-store";
        response.Headers[Tus.LengthHeader] = upload.Length.ToString(CultureInfo.InvariantCulture);
        response.Headers[Tus.MetadataHeader] = Tus.EncodeMetadata(MetadataOf(upload));
        DescribeProgress(response, upload);
        return TypedResults.Ok();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> AppendAsync(
        Guid id, HttpRequest request, HttpResponse response, ClaimsPrincipal caller, ResumableUploads uploads, CancellationToken ct)
    {
        if (await uploads.FindAsync(id, caller.OwnerGuidOf(), ct) is not { } upload)
            return NotFound(id);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(Tus.ChunkContentType, StringComparison.OrdinalIgnoreCase))
            return ApiProblems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "A part's content type is not right.",
                $"Send each part as {Tus.ChunkContentType}.");
        if (ByteCount(request.Headers[Tus.OffsetHeader]) is not { } offset)
            return ApiProblems.Invalid(Tus.OffsetHeader, "is required: the offset this part starts at.");
        // A part is bounded by what the upload still lacks and by the part limit. A part refused unread keeps the usual
        // bound: the server drains it after answering, and a bound below its length would cut the answer off.
        if (offset == upload.Received && (request.ContentLength ?? 0) <= uploads.ChunkLimit(upload))
            RequestLimits.AllowBody(request, uploads.ChunkLimit(upload));

        return (await uploads.AppendAsync(upload, offset, request.ContentLength, request.Body, ct)).Answer(advanced =>
        {
            DescribeProgress(response, advanced);
            return TypedResults.NoContent();
        });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> TerminateAsync(Guid id, ClaimsPrincipal caller, ResumableUploads uploads, CancellationToken ct) =>
        await uploads.TerminateAsync(id, caller.OwnerGuidOf(), ct) ? TypedResults.NoContent() : NotFound(id);

    // What every answer about an upload says of it: how far it is, until when it stays open, and the file it became.
    private static void DescribeProgress(HttpResponse response, UploadRecord upload)
    {
        response.Headers[Tus.OffsetHeader] = upload.Received.ToString(CultureInfo.InvariantCulture);
        response.Headers[Tus.ExpiresHeader] = upload.ExpiresAt.ToString("R", CultureInfo.InvariantCulture);
        if (upload.FileId is { } fileId)
            response.Headers[Tus.FileIdHeader] = fileId.ToString();
    }

    private static IEnumerable<KeyValuePair<string, string>> MetadataOf(UploadRecord upload)
    {
        yield return new(Tus.FileNameKey, upload.Name);
        if (upload.DeclaredType is { } declared)
            yield return new(Tus.FileTypeKey, declared);
        if (upload.ProjectId is { } project)
            yield return new(Tus.ProjectKey, project.ToString());
    }

    private static long? ByteCount(string? header) =>
        long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    private static ProblemHttpResult NotFound(Guid id) => Answers.Problem(FileRefusals.UploadNotFound(id));
}
