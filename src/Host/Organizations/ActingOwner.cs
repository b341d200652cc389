using Platform.Contracts.Organizations;
using Platform.Storage.Organizations;

namespace Platform.Host.Organizations;

/// <summary>
/// The one way a request acts for an organization: <c>?actAs=&lt;organization id&gt;</c>, alike for REST, the hub and
/// streams (browsers cannot set headers on a WebSocket or an EventSource). A member's request then carries the
/// organization as its owner, their role, and only the scopes that role keeps; anyone else finds no such
/// organization. The caller's own id as the owner means the caller, so a client may always name one.
/// </summary>
public static class ActingOwner
{
    public static WebApplication UseActingOwner(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && context.Request.Query.TryGetValue(ActAsParameter.Name, out var named))
            {
                var outcome = await ActAsAsync(context.User, named.ToString(), context.RequestServices.GetRequiredService<AccountCache>(), context.RequestAborted);
                if (outcome.Refusal is { } refusal)
                {
                    await Answers.Refused(refusal).ExecuteAsync(context);
                    return;
                }
                context.User = outcome.Value;
            }
            await next(context);
        });
        return app;
    }

    private static async Task<Outcome<ClaimsPrincipal>> ActAsAsync(ClaimsPrincipal caller, string named, AccountCache accounts, CancellationToken ct)
    {
        if (!Guid.TryParse(named, out var ownerId))
            return Refusal.Invalid(ActAsParameter.Name, "must be the id of an organization you belong to, or your own id.");
        var userId = caller.UserIdOf();
        if (ownerId == userId && caller.FindFirstValue(PlatformClaims.Owner) is null)
            return caller;
        // A credential made for an organization acts for it alone.
        if (caller.FindFirstValue(PlatformClaims.Owner) is { } bound)
            return bound == ownerId.ToString() ? caller : OrganizationRefusals.NotFound();
        if (await accounts.OrganizationAsync(ownerId, ct) is not { Disabled: false } organization
            || organization.MemberOf(userId) is not { } member)
            return OrganizationRefusals.NotFound();
        return new ClaimsPrincipal(AsMember(caller, organization, member));
    }

    private static ClaimsIdentity AsMember(ClaimsPrincipal caller, OrganizationRecord organization, MembershipRecord member)
    {
        var identity = (ClaimsIdentity)caller.Identity!;
        var claims = identity.Claims
            .Where(claim => claim.Type != PlatformClaims.Plan && claim.Type != PlatformClaims.SharedWorker)
            .Where(claim => claim.Type != PlatformClaims.Scope || OrganizationRules.Keeps(member.Role, claim.Value))
            .Append(new Claim(PlatformClaims.Owner, organization.Id.ToString()))
            .Append(new Claim(PlatformClaims.OrganizationRole, member.Role.ToString()))
            .Append(new Claim(PlatformClaims.Membership, PlatformClaims.MembershipOf(organization.Id, member.UserId)))
            .Append(new Claim(PlatformClaims.Plan, organization.Plan));
        return new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
    }

    /// <summary>Whether the membership a request acts under still stands with the role it was given.</summary>
    public static async Task<bool> MembershipStandsAsync(ClaimsPrincipal caller, AccountCache accounts, CancellationToken ct)
    {
        if (caller.FindFirstValue(PlatformClaims.Membership) is null)
            return true;
        return Guid.TryParse(caller.FindFirstValue(PlatformClaims.Owner), out var organizationId)
            && await accounts.OrganizationAsync(organizationId, ct) is { Disabled: false } organization
            && organization.MemberOf(caller.UserIdOf()) is { } member
            && member.Role.ToString() == caller.FindFirstValue(PlatformClaims.OrganizationRole);
    }
}
