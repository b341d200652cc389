using Platform.Contracts.Jobs;
using Platform.Contracts.Organizations;
using Platform.Host.Jobs;
using Platform.Host.Organizations;

namespace Platform.Host.Admin;

/// <summary>Every organization for admins: list, disable, enable, delete; each change recorded in the audit log.</summary>
public static class AdminOrganizationsApi
{
    /// <summary>Maps the organization endpoints onto the admin group, which brings its tag, admin scope and rate limit.</summary>
    public static RouteGroupBuilder MapAdminOrganizationsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/organizations", ListAsync)
            .Describe("AdminListOrganizations", "Every organization, newest first; search by name");
        admin.MapPost("/organizations/{id:guid}/disable", DisableAsync)
            .Describe("AdminDisableOrganization", "Disable an organization: its members find it no more, and what they opened as it closes");
        admin.MapPost("/organizations/{id:guid}/enable", EnableAsync)
            .Describe("AdminEnableOrganization", "Enable a disabled organization");
        admin.MapDelete("/organizations/{id:guid}", DeleteAsync)
            .Describe("AdminDeleteOrganization", "Delete an organization with no jobs queued or running and no schedules");
        return admin;
    }

    private static async Task<Results<Ok<Page<AdminOrganization>>, ValidationProblem>> ListAsync(
        OrganizationAdministration organizations, string? search, int? page, int? pageSize, CancellationToken ct) =>
        JobListQuery.PagingProblem(page, pageSize) is { } problem
            ? problem
            : TypedResults.Ok(await organizations.ListAsync(search, page ?? 1, pageSize ?? 20, ct));

    private static async Task<Results<Ok<AdminOrganization>, ProblemHttpResult, ValidationProblem>> DisableAsync(Guid id, ClaimsPrincipal caller,
        OrganizationAdministration organizations, CancellationToken ct) =>
        (await organizations.DisableAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<AdminOrganization>, ProblemHttpResult, ValidationProblem>> EnableAsync(Guid id, ClaimsPrincipal caller,
        OrganizationAdministration organizations, CancellationToken ct) =>
        (await organizations.EnableAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(Guid id, ClaimsPrincipal caller,
        OrganizationAdministration organizations, CancellationToken ct) =>
        (await organizations.DeleteAsync(caller.UserIdOf(), id, ct)).NoContent();
}
