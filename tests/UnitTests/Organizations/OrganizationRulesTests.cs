using Platform.Contracts.Accounts;
using Platform.Contracts.Organizations;
using Platform.Host.Organizations;
using Platform.Storage.Organizations;

namespace Platform.UnitTests.Organizations;

public sealed class OrganizationRulesTests
{
    private static readonly DateTimeOffset Since = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData(OrganizationRole.Admin, OrganizationRole.Member, OrganizationRole.Admin, true)]
    [InlineData(OrganizationRole.Admin, OrganizationRole.Admin, OrganizationRole.Viewer, true)]
    [InlineData(OrganizationRole.Admin, OrganizationRole.Member, OrganizationRole.Owner, false)]
    [InlineData(OrganizationRole.Admin, OrganizationRole.Owner, OrganizationRole.Admin, false)]
    [InlineData(OrganizationRole.Owner, OrganizationRole.Member, OrganizationRole.Owner, true)]
    [InlineData(OrganizationRole.Owner, OrganizationRole.Owner, OrganizationRole.Viewer, true)]
    [InlineData(OrganizationRole.Member, OrganizationRole.Viewer, OrganizationRole.Member, false)]
    public void Admins_change_roles_below_owner_and_owners_any(OrganizationRole actor, OrganizationRole target, OrganizationRole newRole, bool allowed) =>
        OrganizationRules.CanChangeRole(Member(actor), Member(target), newRole).Should().Be(allowed);

    [Theory]
    [InlineData(OrganizationRole.Viewer, OrganizationRole.Member, false)]
    [InlineData(OrganizationRole.Member, OrganizationRole.Viewer, false)]
    [InlineData(OrganizationRole.Admin, OrganizationRole.Admin, true)]
    [InlineData(OrganizationRole.Admin, OrganizationRole.Owner, false)]
    [InlineData(OrganizationRole.Owner, OrganizationRole.Owner, true)]
    public void Admins_remove_non_owners_and_owners_anyone(OrganizationRole actor, OrganizationRole target, bool allowed) =>
        OrganizationRules.CanRemove(Member(actor), Member(target)).Should().Be(allowed);

    [Fact]
    public void Anyone_may_leave_and_the_last_owner_may_not_leave_nor_step_down()
    {
        var owner = Member(OrganizationRole.Owner);
        var viewer = Member(OrganizationRole.Viewer);
        var organization = new OrganizationRecord { Members = [owner, viewer] };

        OrganizationRules.CanRemove(viewer, viewer).Should().BeTrue();
        OrganizationRules.LeavesNoOwner(organization, owner, newRole: null).Should().BeTrue();
        OrganizationRules.LeavesNoOwner(organization, owner, OrganizationRole.Admin).Should().BeTrue();
        OrganizationRules.LeavesNoOwner(organization, owner, OrganizationRole.Owner).Should().BeFalse();
        organization.Members.Add(Member(OrganizationRole.Owner));
        OrganizationRules.LeavesNoOwner(organization, owner, newRole: null).Should().BeFalse("another owner remains");
    }

    [Theory]
    [InlineData(OrganizationRole.Viewer, new[] { Scopes.JobsRead, Scopes.Admin })]
    [InlineData(OrganizationRole.Member, new[] { Scopes.JobsRead, Scopes.JobsWrite, Scopes.Admin })]
    [InlineData(OrganizationRole.Admin, new[] { Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker, Scopes.Admin })]
    public void A_request_acting_for_the_organization_keeps_the_scopes_its_role_allows(OrganizationRole role, string[] kept) =>
        new[] { Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker, Scopes.Admin }.Where(scope => OrganizationRules.Keeps(role, scope))
            .Should().Equal(kept);

    private static MembershipRecord Member(OrganizationRole role) => new(Guid.NewGuid(), role, Since);
}
