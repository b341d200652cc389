using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Platform.Contracts.Files;
using Platform.Contracts.Jobs;
using Platform.Host.Links;
using Platform.Jobs.Artifacts;
using Platform.Storage.Files;
using Platform.Storage.Objects;

namespace Platform.Host.Files;

/// <summary>Files users upload to name in their jobs' input: stored for their owner alone, within the owner's quota.</summary>
public static class FilesApi
{
    public static RouteGroupBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapApiGroup("/api/v1/files", "Files");

        files.MapPost("/", UploadAsync)
            .Describe("UploadFile", "Upload a file: multipart/form-data with one file part, or the raw bytes with their Content-Type and ?name=; ?project= puts it in one of my projects")
            .AcceptsBytes(["application/octet-stream"], multipart: true)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireAuthorization(Scopes.JobsWrite);
        files.MapGet("/", ListAsync)
            .Describe("ListFiles", "List my files, newest first; ?project= lists one project's")
            .RequireAuthorization(Scopes.JobsRead);
        files.MapGet("/{id:guid}", GetAsync)
            .Describe("GetFile", "A file's name, size, content type and SHA-256")
            .RequireAuthorization(Scopes.JobsRead);
        files.MapGet("/{id:guid}/content", DownloadAsync)
            .Describe("DownloadFile", "Download a file's bytes")
            .RequireAuthorization(Scopes.JobsRead);
        files.MapFileLinks();
        files.MapDelete("/{id:guid}", DeleteAsync)
            .Describe("DeleteFile", "Delete a file; refused while a queued or running job or a schedule of mine names it")
            .RequireAuthorization(Scopes.JobsWrite);
        return files;
    }

    private static async Task<Results<Created<UserFile>, ProblemHttpResult, ValidationProblem>> UploadAsync(
        HttpRequest request, string? name, Guid? project, ClaimsPrincipal caller, FileIntake intake, FilesOptions options, CancellationToken ct)
    {
        // Bounded by the file limit, a multipart body with room for its headers.
        RequestLimits.AllowBody(request, options.MaxFileBytes + MultipartAllowance);
        var (upload, problem) = await OpenUploadAsync(request, name, ct);
        if (upload is null)
            return problem!;
        return (await intake.StoreAsync(caller.OwnerGuidOf(), project, upload.Name, upload.ContentType, upload.Length, upload.Content, ct))
            .Created(file => $"/api/v1/files/{file.Id}");
    }

    /// <summary>What a multipart body may carry besides its file: the boundaries and the part's headers.</summary>
    public const long MultipartAllowance = 64 * 1024;

    private sealed record Upload(string? Name, string? ContentType, long? Length, Stream Content);

    // A multipart body's first file part, or the raw body; the name from ?name= first, then the part's or body's Content-Disposition.
    private static async Task<(Upload? Upload, ValidationProblem? Problem)> OpenUploadAsync(HttpRequest request, string? name, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (new Upload(name ?? FileNameIn(request.Headers.ContentDisposition), request.ContentType, request.ContentLength, request.Body), null);
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return (null, ApiProblems.Invalid("body", "is multipart/form-data without a boundary."));
        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
                if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition())
                    return (new Upload(name ?? NameOf(disposition), section.ContentType, null, section.Body), null);
        }
        catch (InvalidDataException)
        {
            return (null, ApiProblems.Invalid("body", "is not well-formed multipart/form-data."));
        }
        return (null, ApiProblems.Invalid("file", "is required: a part with a filename."));
    }

    private static string? FileNameIn(string? header) =>
        ContentDispositionHeaderValue.TryParse(header, out var disposition) ? NameOf(disposition) : null;

    private static string? NameOf(ContentDispositionHeaderValue disposition) =>
        HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value is { Length: > 0 } found
            ? found
            : null;

    private static async Task<Results<Ok<Page<UserFile>>, ValidationProblem>> ListAsync(
        int? page, int? pageSize, Guid? project, ClaimsPrincipal caller, UserFiles files, CancellationToken ct)
    {
        if (page is < 1)
            return ApiProblems.Invalid("page", "must be 1 or more.");
        if (pageSize is < 1 or > FilesOptions.MaxPageSize)
            return ApiProblems.Invalid("pageSize", $"must be between 1 and {FilesOptions.MaxPageSize}.");
        return TypedResults.Ok(await files.ListAsync(caller.OwnerGuidOf(), project, page ?? 1, pageSize ?? 20, ct));
    }

    private static async Task<Results<Ok<UserFile>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal caller, UserFiles files, CancellationToken ct) =>
        await files.GetOwnedAsync(id, caller.OwnerGuidOf(), ct) is { } file ? TypedResults.Ok(file.ToContract()) : NotFound(id);

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, HttpResponse response, ClaimsPrincipal caller, UserFiles files, IObjectStore objects, CancellationToken ct)
    {
        if (await files.GetOwnedAsync(id, caller.OwnerGuidOf(), ct) is not { } file || await objects.OpenAsync(UserFiles.KeyOf(id), ct) is not { } stored)
            return NotFound(id);
        return FileDownload.Of(response, stored.Content, file.ContentType, file.Name);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, UserFiles files, FileHolders holders, IObjectStore objects, CancellationToken ct)
    {
        if (await files.GetOwnedAsync(id, caller.OwnerGuidOf(), ct) is null)
            return NotFound(id);
        if (await holders.HolderOfAsync(id, caller.OwnerId(), ct) is { } holder)
            return Answers.Problem(FileRefusals.InUse(id, holder));
        if (!await files.DeleteOwnedAsync(id, caller.OwnerGuidOf(), ct))
            return NotFound(id);
        await objects.DeleteAsync(UserFiles.KeyOf(id), ct);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult NotFound(Guid id) => Answers.Problem(FileRefusals.NotFound(id));
}
