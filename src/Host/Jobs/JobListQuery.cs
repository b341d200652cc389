using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;

namespace Platform.Host.Jobs;

/// <summary>The query string of a job list (<c>status</c>, <c>type</c>, <c>page</c>, <c>pageSize</c>), checked.</summary>
public static class JobListQuery
{
    public const int MaxPageSize = 100;

    /// <param name="ownerId">Whose jobs; null for everyone's.</param>
    public static (JobFilter? Filter, ValidationProblem? Problem) Parse(string? ownerId, string? status, string? type, int? page, int? pageSize)
    {
        JobStatus? statusFilter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return (null, ApiProblems.Invalid("status", $"must be one of {string.Join(", ", Enum.GetNames<JobStatus>().Select(JsonNamingPolicy.CamelCase.ConvertName))}."));
            statusFilter = parsed;
        }
        if (PagingProblem(page, pageSize) is { } problem)
            return (null, problem);
        return (new JobFilter(ownerId, statusFilter, type, page ?? 1, pageSize ?? 20), null);
    }

    public static ValidationProblem? PagingProblem(int? page, int? pageSize) =>
        page is < 1 ? ApiProblems.Invalid("page", "must be 1 or more.")
        : pageSize is < 1 or > MaxPageSize ? ApiProblems.Invalid("pageSize", $"must be between 1 and {MaxPageSize}.")
        : null;
}
