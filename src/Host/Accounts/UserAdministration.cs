using Marten;
using Platform.Contracts.Admin;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>What admins do to other users' accounts: disable, enable, change a role. Each act, done or refused, is audited.</summary>
public sealed class UserAdministration(IDocumentSession documents, RefreshSessions sessions, AccountCache accounts, ApiKeys keys, AuditLog audit)
{
    /// <summary>Disables a user: their tokens, sessions and API keys stop working at once.</summary>
    public Task<Outcome<AdminUser>> DisableAsync(Guid adminId, Guid id, CancellationToken ct) =>
        ChangeAsync(adminId, id, AuditActions.UserDisabled, async user =>
        {
            if (user.Id == adminId)
                return Refusal.Conflict("cannot_disable_self", "Admins cannot disable themselves.");
            user.Disabled = true;
            user.SecurityStamp = Secrets.NewRandom(16);
            await sessions.RevokeAllAsync(user.Id, except: null, "disabled by an admin", ct);
            return null;
        }, ct);

    public Task<Outcome<AdminUser>> EnableAsync(Guid adminId, Guid id, CancellationToken ct) =>
        ChangeAsync(adminId, id, AuditActions.UserEnabled, user =>
        {
            user.Disabled = false;
            return Task.FromResult<Refusal?>(null);
        }, ct);

    /// <summary>Makes a user an admin or a user; the last enabled admin stays one. A former admin's shared worker keys stop.</summary>
    public async Task<Outcome<AdminUser>> ChangeRoleAsync(Guid adminId, Guid id, ChangeRoleRequest request, CancellationToken ct)
    {
        if (request.Role is null || !Roles.IsKnown(request.Role))
            return Refusal.Invalid("role", $"must be {Roles.Admin} or {Roles.User}.");
        var changed = await ChangeAsync(adminId, id, AuditActions.RoleChanged, async user =>
        {
            if (user.Role == Roles.Admin && request.Role != Roles.Admin
                && await documents.Query<UserAccount>().CountAsync(u => u.Role == Roles.Admin && !u.Disabled, ct) <= 1)
                return Refusal.Conflict("last_admin", "The platform needs at least one admin.");
            user.Role = request.Role;
            // The role is in every access token: new tokens, new role.
            user.SecurityStamp = Secrets.NewRandom(16);
            return null;
        }, ct, detail: $"role {request.Role}");
        if (changed.Succeeded && request.Role != Roles.Admin)
            await keys.EndSharedWorkAsync(id, ct);
        return changed;
    }

    // Loads the user, applies the change (which may refuse), saves and records it; a refusal is recorded too.
    private async Task<Outcome<AdminUser>> ChangeAsync(
        Guid adminId, Guid id, string action, Func<UserAccount, Task<Refusal?>> change, CancellationToken ct, string? detail = null)
    {
        var user = await documents.LoadAsync<UserAccount>(id, ct);
        if (user is null)
            return Refusal.NotFound("User not found.", detail: $"There is no user {id}.");
        if (await change(user) is { } refused)
        {
            await audit.RecordAsync(action, adminId, id, succeeded: false, detail: refused.Title);
            return refused;
        }
        documents.Update(user);
        await documents.SaveChangesAsync(ct);
        await accounts.EndUserAccessAsync(user.Id);
        await audit.RecordAsync(action, adminId, id, succeeded: true, detail);
        return ToAdminUser(user);
    }

    public static AdminUser ToAdminUser(UserAccount user) => new(user.Id, user.Email, user.DisplayName, user.Role, user.Disabled, user.CreatedAt);
}
