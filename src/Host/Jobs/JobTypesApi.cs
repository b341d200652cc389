using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Host.Defaults;
using Platform.Jobs.Types;

namespace Platform.Host.Jobs;

/// <summary>The job types a caller may submit, each with the JSON Schema of its input, so clients and forms need no code per type.</summary>
public static class JobTypesApi
{
    public static RouteGroupBuilder MapJobTypesApi(this IEndpointRouteBuilder app)
    {
        var types = app.MapGroup("/api/v1/job-types")
            .WithTags("Job types")
            .RequireRateLimiting(RateLimitPolicies.Api)
            .RequireAuthorization(Scopes.JobsRead);
        types.MapGet("/", (JobTypeCatalog catalog) => TypedResults.Ok(catalog.List()))
            .WithName("ListJobTypes")
            .WithSummary("List the job types I may submit, with the schema of each one's input");
        types.MapGet("/{name}", Get)
            .WithName("GetJobType")
            .WithSummary("Get one job type with the schema of its input");
        return types;
    }

    private static Results<Ok<JobTypeInfo>, ProblemHttpResult> Get(string name, JobTypeCatalog catalog) =>
        catalog.Find(name) is { } type
            ? TypedResults.Ok(type)
            : ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "No such job type.", $"There is no job type '{name}'.");
}
