using Microsoft.AspNetCore.Http.Features;
using Platform.Contracts.Jobs;
using Platform.Host.Files;
using Platform.Host.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Files;
using Platform.Storage.Links;

namespace Platform.Host.Links;

/// <summary>
/// Download links: a job's owner makes one for an artifact or an uploaded file, and anyone holding it downloads without credentials until
/// it expires. A link is checked by its signature alone; what it opens is looked up as it is opened (<see cref="LinkDownloads"/>).
/// </summary>
public static class LinksApi
{
    private const string OpenLinkName = "OpenLink";

    private const string OpenLinkDescription =
        "Anyone holding the link may call this, without credentials. A link that is malformed or was changed is `403 link_invalid`; "
        + "one past its time `410 link_expired`; a once-only link already used `410 link_used`; one whose job or artifact is gone, "
        + "or no longer its maker's, `410 link_revoked`. Rate limited per client address (`RateLimits:Links`).";

    public static RouteGroupBuilder MapArtifactLinks(this RouteGroupBuilder jobs)
    {
        jobs.MapPost("/{id:guid}/artifacts/{name}/link", CreateArtifactLinkAsync)
            .Describe("CreateArtifactLink", "A link that downloads an artifact without credentials until it expires, once only if asked")
            .Accepts<CreateLinkRequest>("application/json")
            .RequireAuthorization(Scopes.JobsRead);
        return jobs;
    }

    public static RouteGroupBuilder MapFileLinks(this RouteGroupBuilder files)
    {
        files.MapPost("/{id:guid}/link", CreateFileLinkAsync)
            .Describe("CreateFileLink", "A link that downloads an uploaded file without credentials until it expires, once only if asked")
            .Accepts<CreateLinkRequest>("application/json")
            .RequireAuthorization(Scopes.JobsRead);
        return files;
    }

    public static RouteGroupBuilder MapLinksApi(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/api/v1/links")
            .WithTags("Links")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Links);

        links.MapGet("/{token}", OpenAsync)
            .Describe(OpenLinkName, "Download what a link opens")
            .WithDescription(OpenLinkDescription)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status410Gone);
        return links;
    }

    private static async Task<Results<Created<DownloadLink>, ValidationProblem, ProblemHttpResult>> CreateArtifactLinkAsync(
        Guid id, string name, HttpContext context, JobStore store, LinkTokens tokens, LinkGenerator routes, IOptions<LinksOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var job = await store.GetOwnedAsync(id, context.User.OwnerId(), ct);
        if (job is null)
            return JobsApi.NotFound(id);
        if (job.Artifacts.All(a => a.Name != name))
            return JobsApi.ArtifactNotFound(id, name);
        return await CreateAsync(new ArtifactTarget(id, name), context, tokens, routes, options.Value, clock, ct);
    }

    private static async Task<Results<Created<DownloadLink>, ValidationProblem, ProblemHttpResult>> CreateFileLinkAsync(
        Guid id, HttpContext context, UserFiles files, LinkTokens tokens, LinkGenerator routes, IOptions<LinksOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        if (await files.GetOwnedAsync(id, context.User.OwnerGuidOf(), ct) is null)
            return FilesApi.NotFound(id);
        return await CreateAsync(new FileTarget(id), context, tokens, routes, options.Value, clock, ct);
    }

    // What the caller may link to was checked; the request's body says for how long and how often.
    private static async Task<Results<Created<DownloadLink>, ValidationProblem, ProblemHttpResult>> CreateAsync(LinkTarget target,
        HttpContext context, LinkTokens tokens, LinkGenerator routes, LinksOptions options, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await ReadRequestAsync(context.Request, options, ct);
        if (body is null)
            return problem!;
        var lifetime = body.ExpiresInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.DefaultLifetime;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + lifetime).ToUnixTimeSeconds());
        var grant = new LinkGrant(Guid.NewGuid(), context.User.OwnerGuidOf(), target, expiresAt, body.Once);
        var url = routes.GetUriByName(context, OpenLinkName, new { token = tokens.Sign(grant) })!;
        return TypedResults.Created(url, new DownloadLink(url, expiresAt, body.Once));
    }

    // The body may be left out altogether: a link of the default lifetime, good for any number of downloads.
    private static async Task<(CreateLinkRequest? Body, ValidationProblem? Problem)> ReadRequestAsync(
        HttpRequest request, LinksOptions options, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
            return (new CreateLinkRequest(), null);
        var (body, problem) = await JsonBody.ReadAsync<CreateLinkRequest>(request, ct);
        var most = (long)options.MaxLifetime.TotalSeconds;
        if (body?.ExpiresInSeconds is { } seconds && (seconds < 1 || seconds > most))
            return (null, ApiProblems.Invalid("expiresInSeconds", $"must be between 1 and {most} seconds (Links:MaxLifetime)."));
        return (body, problem);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> OpenAsync(
        string token, HttpResponse response, LinkDownloads downloads, CancellationToken ct)
    {
        var opened = await downloads.OpenAsync(token, ct);
        if (opened.Refusal is { } refusal)
            return Answers.Problem(refusal);
        var download = opened.Value;

        // Whoever holds the link may download; no cache along the way may keep the bytes for others or past a revocation.
        response.Headers.CacheControl = "private, no-store";
        // The first request spends a once-only link, so it gets the whole file: a range would spend it on a part.
        return FileDownload.Of(response, download.Content, download.ContentType, download.FileName, ranges: !download.Once);
    }
}
