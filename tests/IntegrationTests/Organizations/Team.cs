using Platform.Client;
using Platform.Contracts.Organizations;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Organizations;

/// <summary>An organization with one person in each role, each of whom joined by accepting an invitation.</summary>
public sealed record Team(Organization Organization, TestUser Owner, TestUser Admin, TestUser Member, TestUser Viewer)
{
    public Guid Id => Organization.Id;

    public static async Task<Team> FormAsync(PlatformApplication host)
    {
        var owner = await host.CreateUserAsync();
        var organization = await owner.Client.CreateOrganizationAsync($"studio {Guid.NewGuid():N}"[..20]);
        var admin = await JoinAsync(host, owner, organization.Id, OrganizationRole.Admin);
        var member = await JoinAsync(host, owner, organization.Id, OrganizationRole.Member);
        var viewer = await JoinAsync(host, owner, organization.Id, OrganizationRole.Viewer);
        return new Team(organization, owner, admin, member, viewer);
    }

    /// <summary>A new user, invited by <paramref name="inviter"/> with <paramref name="role"/>, who accepts.</summary>
    public static async Task<TestUser> JoinAsync(PlatformApplication host, TestUser inviter, Guid organizationId, OrganizationRole role)
    {
        var user = await host.CreateUserAsync();
        var invitation = await inviter.Client.InviteToOrganizationAsync(organizationId, user.Email, role);
        await user.Client.AcceptOrganizationInvitationAsync(invitation.Token!);
        return user;
    }

    /// <summary>The person's client acting for the organization.</summary>
    public PlatformClient As(TestUser person) => person.Client.ForOrganization(Id);
}
