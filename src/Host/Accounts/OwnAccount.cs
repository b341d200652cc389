using Marten;
using Platform.Contracts;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>What a signed-in person does to their own account: its profile, password and sessions.</summary>
public sealed class OwnAccount(
    IDocumentSession documents, Passwords passwords, RefreshSessions sessions, AccountCache accounts, AuditLog audit, TimeProvider clock)
{
    // The token was valid a moment ago, so its account was deleted in between.
    private static readonly Refusal Gone = Refusal.Unauthenticated("unauthenticated", "The account no longer exists.");

    public async Task<Outcome<UserProfile>> ProfileAsync(ClaimsPrincipal caller, CancellationToken ct) =>
        await documents.LoadAsync<UserAccount>(caller.UserIdOf(), ct) is { } user ? user.ToProfile() : Gone;

    public async Task<Outcome<UserProfile>> UpdateProfileAsync(ClaimsPrincipal caller, UpdateProfileRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (request.DisplayName is not null)
        {
            errors.Required("displayName", request.DisplayName);
            errors.MaxLength("displayName", request.DisplayName, 100);
        }
        if (request.Settings is { Notifications: null })
            errors.Add("settings.notifications", "is required.");
        if (errors.Any)
            return Refusal.Invalid(errors);

        var user = await documents.LoadAsync<UserAccount>(caller.UserIdOf(), ct);
        if (user is null)
            return Gone;
        user.DisplayName = request.DisplayName?.Trim() ?? user.DisplayName;
        user.Settings = request.Settings ?? user.Settings;
        documents.Update(user);
        await documents.SaveChangesAsync(ct);
        // Every host reads notification preferences through the cache.
        await accounts.ForgetUserAsync(user.Id);
        return user.ToProfile();
    }

    /// <summary>Changes the password when the current one is right; every other session of the caller's ends.</summary>
    public async Task<Outcome<bool>> ChangePasswordAsync(ClaimsPrincipal caller, ChangePasswordRequest request, CancellationToken ct)
    {
        var user = await documents.LoadAsync<UserAccount>(caller.UserIdOf(), ct);
        if (user is null)
            return Gone;
        var errors = new FieldErrors();
        if (errors.Required("currentPassword", request.CurrentPassword) && !Passwords.IsCurrent(user, request.CurrentPassword))
            errors.Add("currentPassword", "is not right.");
        if (errors.Required("newPassword", request.NewPassword) && Passwords.Weakness(request.NewPassword, user.Email) is { } weakness)
            errors.Add("newPassword", weakness);
        if (errors.Any)
        {
            await audit.RecordAsync(AuditActions.PasswordChanged, user.Id, user.Id, succeeded: false, detail: string.Join(", ", errors.ToDictionary().Keys));
            return Refusal.Invalid(errors, "The password was not changed.");
        }

        user.PasswordHash = passwords.Hash(request.NewPassword);
        user.SecurityStamp = Secrets.NewRandom(16);
        documents.Update(user);
        await PasswordResets.SpendLinksAsync(documents, user.Id, clock.GetUtcNow(), ct);
        await documents.SaveChangesAsync(ct);
        await accounts.EndUserAccessAsync(user.Id);
        await sessions.RevokeAllAsync(user.Id, except: caller.SessionIdOf(), "password changed", ct);
        await audit.RecordAsync(AuditActions.PasswordChanged, user.Id, user.Id, succeeded: true);
        return true;
    }

    /// <summary>Signs one of the caller's devices out.</summary>
    public async Task<Outcome<bool>> RevokeSessionAsync(ClaimsPrincipal caller, Guid id, CancellationToken ct)
    {
        if (!await sessions.RevokeAsync(caller.UserIdOf(), id, "revoked by its owner", ct))
            return Refusal.NotFound("Session not found.", detail: $"There is no active session {id}.");
        await audit.RecordAsync(AuditActions.SessionRevoked, caller.UserIdOf(), caller.UserIdOf(), succeeded: true, detail: $"session {id}");
        return true;
    }
}
