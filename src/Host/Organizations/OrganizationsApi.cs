using Platform.Contracts.Organizations;

namespace Platform.Host.Organizations;

/// <summary>
/// Organizations a person belongs to: creating them, their members and roles, and invitations. Acting for one (its
/// jobs, files, schedules…) is not here: every other endpoint does it with <c>?actAs=</c>.
/// </summary>
public static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var organizations = app.MapApiGroup("/api/v1/organizations", "Organizations", PlatformClaims.AccountScope);

        organizations.MapPost("/", CreateAsync)
            .Describe("CreateOrganization", "Create an organization; you are its owner")
            .Accepts<OrganizationRequest>("application/json");
        organizations.MapGet("/", ListAsync)
            .Describe("ListMyOrganizations", "The organizations you belong to, by name, with your role in each");
        organizations.MapGet("/{id:guid}", GetAsync)
            .Describe("GetOrganization", "An organization you belong to");
        organizations.MapPatch("/{id:guid}", RenameAsync)
            .Describe("RenameOrganization", "Admins and owners rename the organization")
            .Accepts<OrganizationRequest>("application/json");
        organizations.MapDelete("/{id:guid}", DeleteAsync)
            .Describe("DeleteOrganization", "Owners delete an organization with no jobs queued or running and no schedules");
        organizations.MapGet("/{id:guid}/members", MembersAsync)
            .Describe("ListOrganizationMembers", "The members with their roles, owners first");
        organizations.MapPut("/{id:guid}/members/{userId:guid}/role", ChangeRoleAsync)
            .Describe("ChangeOrganizationRole", "Admins change roles of viewers, members and admins; owners also make and unmake owners")
            .Accepts<ChangeOrganizationRoleRequest>("application/json");
        organizations.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMemberAsync)
            .Describe("RemoveOrganizationMember", "Leave (your own id), or remove a member: admins remove non-owners, owners anyone; the last owner stays");
        organizations.MapInvitations();
        organizations.MapOrganizationKeys();
        return organizations;
    }

    private static async Task<Results<Created<Organization>, ProblemHttpResult, ValidationProblem>> CreateAsync(HttpRequest request, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (OrganizationRequest body) => organizations.CreateAsync(caller.UserIdOf(), body, ct), ct))
        .Created(organization => $"/api/v1/organizations/{organization.Id}");

    private static async Task<Ok<IReadOnlyList<Organization>>> ListAsync(ClaimsPrincipal caller, OrganizationService organizations, CancellationToken ct) =>
        TypedResults.Ok(await organizations.ListMineAsync(caller.UserIdOf(), ct));

    private static async Task<Results<Ok<Organization>, ProblemHttpResult, ValidationProblem>> GetAsync(Guid id, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await organizations.GetAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<Organization>, ProblemHttpResult, ValidationProblem>> RenameAsync(Guid id, HttpRequest request,
        ClaimsPrincipal caller, OrganizationService organizations, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (OrganizationRequest body) => organizations.RenameAsync(caller.UserIdOf(), id, body, ct), ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(Guid id, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await organizations.DeleteAsync(caller.UserIdOf(), id, ct)).NoContent();

    private static async Task<Results<Ok<IReadOnlyList<OrganizationMember>>, ProblemHttpResult, ValidationProblem>> MembersAsync(Guid id,
        ClaimsPrincipal caller, OrganizationService organizations, CancellationToken ct) =>
        (await organizations.MembersAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<OrganizationMember>, ProblemHttpResult, ValidationProblem>> ChangeRoleAsync(Guid id, Guid userId,
        HttpRequest request, ClaimsPrincipal caller, OrganizationService organizations, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (ChangeOrganizationRoleRequest body) =>
            organizations.ChangeRoleAsync(caller.UserIdOf(), id, userId, body.Role, ct), ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveMemberAsync(Guid id, Guid userId, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await organizations.RemoveMemberAsync(caller.UserIdOf(), id, userId, ct)).NoContent();
}
