using Marten;
using Platform.Contracts.Organizations;
using Platform.Storage.Accounts;
using Platform.Storage.Organizations;

namespace Platform.Host.Organizations;

// Members: who they are, their roles, leaving and removing; an organization keeps an owner.
public sealed partial class OrganizationService
{
    public async Task<Outcome<IReadOnlyList<OrganizationMember>>> MembersAsync(Guid userId, Guid organizationId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        if (await LoadVisibleAsync(documents, organizationId, userId, ct) is not var (organization, _))
            return OrganizationRefusals.NotFound();
        var people = (await documents.LoadManyAsync<UserAccount>(ct, organization.Members.Select(m => m.UserId))).ToDictionary(user => user.Id);
        return organization.Members.OrderByDescending(m => m.Role).ThenBy(m => m.Since).Select(m => ToContract(m, people.GetValueOrDefault(m.UserId))).ToList();
    }

    private async Task<OrganizationMember> ToContractAsync(MembershipRecord member, CancellationToken ct) =>
        ToContract(member, await accounts.UserAsync(member.UserId, ct));

    private static OrganizationMember ToContract(MembershipRecord member, UserAccount? person) =>
        new(member.UserId, person?.Email ?? "", person?.DisplayName ?? "", member.Role, member.Since);

    public async Task<Outcome<OrganizationMember>> ChangeRoleAsync(Guid userId, Guid organizationId, Guid memberId, OrganizationRole? role,
        CancellationToken ct)
    {
        var outcome = await ChangeAsync<MembershipRecord>(userId, organizationId, OrganizationRole.Admin, "change members' roles", (organization, actor) =>
        {
            if (role is not { } newRole)
                return Refusal.Invalid("role", "must be viewer, member, admin or owner.");
            if (organization.MemberOf(memberId) is not { } target)
                return OrganizationRefusals.NotFound();
            if (!OrganizationRules.CanChangeRole(actor, target, newRole))
                return OrganizationRefusals.RoleRequired(OrganizationRole.Owner, "make someone an owner or change an owner's role");
            if (OrganizationRules.LeavesNoOwner(organization, target, newRole))
                return OrganizationRefusals.NeedsOwner();
            var changed = target with { Role = newRole };
            organization.Members[organization.Members.IndexOf(target)] = changed;
            return (changed, EndedAccess.Membership(organizationId, memberId));
        }, ct);
        await audit.RecordAsync(AuditActions.OrganizationRoleChanged, userId, memberId, outcome.Succeeded,
            $"organization {organizationId}: role {role}{RefusedNote(outcome.Refusal)}");
        return outcome.Refusal is { } refusal ? refusal : await ToContractAsync(outcome.Value, ct);
    }

    /// <summary>Leaves (<paramref name="memberId"/> the caller) or removes a member, whose access as the organization ends at once.</summary>
    public async Task<Outcome<bool>> RemoveMemberAsync(Guid userId, Guid organizationId, Guid memberId, CancellationToken ct)
    {
        var outcome = await ChangeAsync<bool>(userId, organizationId, OrganizationRole.Viewer, "remove members", (organization, actor) =>
        {
            if (organization.MemberOf(memberId) is not { } target)
                return OrganizationRefusals.NotFound();
            if (!OrganizationRules.CanRemove(actor, target))
                return OrganizationRefusals.RoleRequired(target.Role == OrganizationRole.Owner ? OrganizationRole.Owner : OrganizationRole.Admin,
                    "remove other members");
            if (OrganizationRules.LeavesNoOwner(organization, target, newRole: null))
                return OrganizationRefusals.NeedsOwner();
            organization.Members.Remove(target);
            return (true, EndedAccess.Membership(organizationId, memberId));
        }, ct);
        await audit.RecordAsync(memberId == userId ? AuditActions.OrganizationLeft : AuditActions.OrganizationMemberRemoved, userId, memberId,
            outcome.Succeeded, $"organization {organizationId}{RefusedNote(outcome.Refusal)}");
        return outcome;
    }

    // The audit keeps refused changes too, with why.
    private static string RefusedNote(Refusal? refusal) => refusal is null ? "" : $" refused ({refusal.Code})";
}
