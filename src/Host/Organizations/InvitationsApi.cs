using Platform.Contracts.Organizations;

namespace Platform.Host.Organizations;

/// <summary>Inviting people into an organization by e-mail address, and accepting an invitation.</summary>
public static class InvitationsApi
{
    public static RouteGroupBuilder MapInvitations(this RouteGroupBuilder organizations)
    {
        organizations.MapPost("/{id:guid}/invitations", InviteAsync)
            .Describe("InviteToOrganization", "Admins invite an e-mail address with a role (member unless said); the answer carries the link's token, shown once")
            .Accepts<InviteRequest>("application/json");
        organizations.MapGet("/{id:guid}/invitations", ListAsync)
            .Describe("ListOrganizationInvitations", "Invitations still waiting, newest first");
        organizations.MapDelete("/{id:guid}/invitations/{invitationId:guid}", WithdrawAsync)
            .Describe("WithdrawOrganizationInvitation", "Withdraw an invitation: its link stops working");
        organizations.MapPost("/invitations/accept", AcceptAsync)
            .Describe("AcceptOrganizationInvitation", "Join with the role you were invited with; the invitation must be for your e-mail address")
            .Accepts<AcceptInvitationRequest>("application/json");
        return organizations;
    }

    private static async Task<Results<Created<Invitation>, ProblemHttpResult, ValidationProblem>> InviteAsync(Guid id, HttpRequest request,
        ClaimsPrincipal caller, OrganizationService organizations, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (InviteRequest body) => organizations.InviteAsync(caller.UserIdOf(), id, body, ct), ct))
        .Created(invitation => $"/api/v1/organizations/{id}/invitations/{invitation.Id}");

    private static async Task<Results<Ok<IReadOnlyList<Invitation>>, ProblemHttpResult, ValidationProblem>> ListAsync(Guid id, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await organizations.InvitationsAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> WithdrawAsync(Guid id, Guid invitationId, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await organizations.WithdrawAsync(caller.UserIdOf(), id, invitationId, ct)).NoContent();

    private static async Task<Results<Ok<Organization>, ProblemHttpResult, ValidationProblem>> AcceptAsync(HttpRequest request, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (AcceptInvitationRequest body) => organizations.AcceptAsync(caller.UserIdOf(), body, ct), ct)).Ok();
}
