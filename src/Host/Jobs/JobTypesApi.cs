using Platform.Contracts.Jobs;
using Platform.Jobs.Types;

namespace Platform.Host.Jobs;

/// <summary>The job types a caller may submit, each with the JSON Schema of its input, so clients and forms need no code per type.</summary>
public static class JobTypesApi
{
    public static RouteGroupBuilder MapJobTypesApi(this IEndpointRouteBuilder app)
    {
        var types = app.MapApiGroup("/api/v1/job-types", "Job types", Scopes.JobsRead);
        types.MapGet("/", (JobTypeCatalog catalog) => TypedResults.Ok(catalog.List()))
            .Describe("ListJobTypes", "List the job types I may submit, with the schema of each one's input");
        types.MapGet("/{name}", Get)
            .Describe("GetJobType", "Get one job type with the schema of its input");
        return types;
    }

    /// <summary>Admins declare and remove remote job types, run by workers outside the hosts; each change is audited.</summary>
    public static RouteGroupBuilder MapAdminJobTypesApi(this IEndpointRouteBuilder app)
    {
        var types = app.MapApiGroup("/api/v1/admin/job-types", "Admin", Scopes.Admin);
        types.MapPut("/{name}", DeclareAsync)
            .Describe("AdminDeclareJobType", "Declare or replace a remote job type: its description, input schema and limits per run")
            .Accepts<DeclareJobTypeRequest>("application/json");
        types.MapDelete("/{name}", RemoveAsync)
            .Describe("AdminRemoveJobType", "Remove a declared job type that has no unfinished jobs");
        return types;
    }

    private static async Task<Results<Ok<JobTypeInfo>, ProblemHttpResult, ValidationProblem>> DeclareAsync(
        string name, HttpRequest request, ClaimsPrincipal caller, DeclaredJobTypes declared, AuditLog audit, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DeclareJobTypeRequest>(request, ct);
        if (body is null)
            return problem!;
        var outcome = await declared.DeclareAsync(name, body, caller.OwnerId(), ct);
        await audit.RecordAsync(AuditActions.JobTypeDeclared, caller.UserIdOf(), null, succeeded: outcome.Succeeded, detail: name);
        return outcome.Ok();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveAsync(
        string name, ClaimsPrincipal caller, DeclaredJobTypes declared, AuditLog audit, CancellationToken ct)
    {
        var outcome = await declared.RemoveAsync(name, ct);
        await audit.RecordAsync(AuditActions.JobTypeRemoved, caller.UserIdOf(), null, succeeded: outcome.Succeeded, detail: name);
        return outcome.NoContent();
    }

    private static Results<Ok<JobTypeInfo>, ProblemHttpResult> Get(string name, JobTypeCatalog catalog) =>
        catalog.Find(name) is { } type
            ? TypedResults.Ok(type)
            : ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "No such job type.", $"There is no job type '{name}'.");
}
