using Platform.Contracts.Projects;
using Platform.Jobs.Projects;

namespace Platform.Host.Projects;

/// <summary>
/// An owner's projects: named groups of their jobs, files and schedules. What a project holds is listed at
/// <c>/{id}/jobs</c>, <c>/{id}/files</c> and <c>/{id}/schedules</c> (<see cref="ProjectContentsApi"/>).
/// </summary>
public static class ProjectsApi
{
    public const string Prefix = "/api/v1/projects";

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var reads = app.MapApiGroup(Prefix, "Projects", Scopes.JobsRead);
        reads.MapGet("/", ListAsync)
            .Describe("ListProjects", "My projects, oldest first, each with its jobs by status, files and schedules counted");
        reads.MapGet("/{id:guid}", GetAsync)
            .Describe("GetProject", "A project and what it holds");
        reads.MapProjectContents();

        var writes = app.MapApiGroup(Prefix, "Projects", Scopes.JobsWrite);
        writes.MapPost("/", CreateAsync)
            .Describe("CreateProject", "Create a project: a name unique among mine in any case (409 project_name_taken), and a description")
            .Accepts<CreateProjectRequest>("application/json");
        writes.MapPatch("/{id:guid}", UpdateAsync)
            .Describe("UpdateProject", "Rename a project or change its description; what is left out stays")
            .Accepts<UpdateProjectRequest>("application/json");
        writes.MapPost("/{id:guid}/archive", ArchiveAsync)
            .Describe("ArchiveProject", "Archive a project: it keeps what it holds, and submits, uploads and schedules into it are refused (409 project_archived)");
        writes.MapPost("/{id:guid}/unarchive", UnarchiveAsync)
            .Describe("UnarchiveProject", "Take a project out of the archive: it takes new work again");
        writes.MapPost("/{id:guid}/duplicate", DuplicateAsync)
            .Describe("DuplicateProject", "A new project with this one's description and a paused copy of each of its schedules; jobs and files are not copied")
            .Accepts<DuplicateProjectRequest>("application/json");
        writes.MapDelete("/{id:guid}", DeleteAsync)
            .Describe("DeleteProject", "Delete a project with no queued or running jobs and no active schedules (else 409 project_not_empty); what it held stays, in no project");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<Project>>> ListAsync(ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        TypedResults.Ok(await projects.ListAsync(caller.OwnerId(), ct));

    private static async Task<Results<Ok<Project>, ProblemHttpResult, ValidationProblem>> GetAsync(
        Guid id, ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        (await projects.GetAsync(id, caller.OwnerId(), ct)).Ok();

    private static async Task<Results<Created<Project>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        HttpRequest request, ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (CreateProjectRequest body) => projects.CreateAsync(body, caller.OwnerId(), ct), ct))
            .Created(LocationOf);

    private static async Task<Results<Ok<Project>, ProblemHttpResult, ValidationProblem>> UpdateAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (UpdateProjectRequest body) => projects.UpdateAsync(id, body, caller.OwnerId(), ct), ct)).Ok();

    private static async Task<Results<Ok<Project>, ProblemHttpResult, ValidationProblem>> ArchiveAsync(
        Guid id, ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        (await projects.ArchiveAsync(id, caller.OwnerId(), ct)).Ok();

    private static async Task<Results<Ok<Project>, ProblemHttpResult, ValidationProblem>> UnarchiveAsync(
        Guid id, ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        (await projects.UnarchiveAsync(id, caller.OwnerId(), ct)).Ok();

    private static async Task<Results<Created<Project>, ProblemHttpResult, ValidationProblem>> DuplicateAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (DuplicateProjectRequest body) => projects.DuplicateAsync(id, body, caller.OwnerId(), ct), ct))
            .Created(LocationOf);

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, ProjectCommands projects, CancellationToken ct) =>
        (await projects.DeleteAsync(id, caller.OwnerId(), ct)).NoContent();

    private static string LocationOf(Project project) => $"{Prefix}/{project.Id}";
}
