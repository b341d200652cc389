using Platform.Contracts.Organizations;
using Platform.Storage.Organizations;

namespace Platform.Host.Organizations;

/// <summary>Who may do what in an organization. Each role may do all that the roles below it may.</summary>
public static class OrganizationRules
{
    public static bool AtLeast(this MembershipRecord? member, OrganizationRole role) => member is not null && member.Role >= role;

    /// <summary>Whether a request acting for an organization does so in a role below <paramref name="role"/>; one acting for its user never does.</summary>
    public static bool ActsBelow(this ClaimsPrincipal caller, OrganizationRole role) =>
        caller.FindFirstValue(PlatformClaims.OrganizationRole) is { } acting && Enum.Parse<OrganizationRole>(acting) < role;

    /// <summary>Admins change viewers', members' and admins' roles; only owners make an owner or change one.</summary>
    public static bool CanChangeRole(MembershipRecord? actor, MembershipRecord target, OrganizationRole newRole) =>
        actor.AtLeast(OrganizationRole.Admin)
        && (actor!.Role == OrganizationRole.Owner || target.Role != OrganizationRole.Owner && newRole != OrganizationRole.Owner);

    /// <summary>Anyone may leave; admins remove viewers, members and admins; owners remove anyone.</summary>
    public static bool CanRemove(MembershipRecord? actor, MembershipRecord target) =>
        actor is not null
        && (actor.UserId == target.UserId
            || actor.Role == OrganizationRole.Owner
            || actor.Role == OrganizationRole.Admin && target.Role != OrganizationRole.Owner);

    /// <summary>Whether the change leaves the organization without an owner.</summary>
    public static bool LeavesNoOwner(OrganizationRecord organization, MembershipRecord target, OrganizationRole? newRole) =>
        target.Role == OrganizationRole.Owner && newRole != OrganizationRole.Owner && organization.Owners <= 1;

    /// <summary>
    /// The scopes a request acting for the organization keeps of those its credentials carry: viewers read, members
    /// also write, admins and owners also run its jobs as workers. Scopes about the person (their account, the
    /// platform's administration) are theirs whoever they act for.
    /// </summary>
    public static bool Keeps(OrganizationRole role, string scope) => scope switch
    {
        Scopes.JobsWrite => role >= OrganizationRole.Member,
        Scopes.Worker => role >= OrganizationRole.Admin,
        _ => true,
    };
}
