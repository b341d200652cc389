using Platform.Contracts.Organizations;

namespace Platform.Host.Organizations;

/// <summary>How organizations say no: a non-member finds nothing, as with another user's things.</summary>
public static class OrganizationRefusals
{
    public static Refusal NotFound() => Refusal.NotFound("Organization not found.", "organization_not_found");

    public static Refusal InvitationInvalid() =>
        Refusal.Invalid("token", "is not an invitation that can still be accepted: it is unknown, used, withdrawn or expired.");

    public static Refusal RoleRequired(OrganizationRole role, string action) =>
        Refusal.Forbidden("organization_role_required", $"Only the organization's {Plural(role)} may do this.", action);

    public static Refusal NeedsOwner() =>
        Refusal.Conflict("organization_needs_owner", "An organization keeps at least one owner.",
            "Make someone else an owner first, or delete the organization.");

    public static Refusal Busy(string what) =>
        Refusal.Conflict("organization_busy", "The organization still has work in progress.", what);

    public static Refusal Full(string what) => Refusal.Conflict("organization_limit", "The organization is at a limit.", what);

    private static string Plural(OrganizationRole role) => role switch
    {
        OrganizationRole.Owner => "owners",
        OrganizationRole.Admin => "admins and owners",
        _ => "members, admins and owners",
    };
}
