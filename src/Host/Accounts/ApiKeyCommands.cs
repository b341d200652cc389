using Marten;
using Platform.Contracts;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>Creating and revoking the caller's own API keys, with the rules on what a key may do.</summary>
public sealed class ApiKeyCommands(ApiKeys keys, IQuerySession documents, AuditLog audit, TimeProvider clock)
{
    private const int MaxKeysPerUser = 50;

    public async Task<Outcome<ApiKeyCreated>> CreateAsync(ClaimsPrincipal caller, CreateApiKeyRequest request, CancellationToken ct)
    {
        var errors = Check(request, Scopes.All, clock.GetUtcNow());
        if (!errors.Any && request.Scopes.Contains(Scopes.Admin) && !caller.IsInRole(Roles.Admin))
            errors.Add("scopes", "admin is only for admins.");
        var userId = caller.UserIdOf();
        if (!errors.Any && (await keys.ListAsync(userId, ct)).Count >= MaxKeysPerUser)
            errors.Add("body", $"at most {MaxKeysPerUser} keys; revoke one first.");
        // An admin's worker key runs every user's jobs: it acts across users as the admin scope does.
        var sharedWorker = !errors.Any && request.Scopes!.Contains(Scopes.Worker) && caller.IsInRole(Roles.Admin);
        if (!errors.Any && (request.Scopes!.Contains(Scopes.Admin) || sharedWorker))
            await RequireCurrentPasswordAsync(request.Password, userId, errors, ct);
        if (errors.Any)
            return Refusal.Invalid(errors, "The API key was not created.");

        var created = await keys.CreateAsync(userId, request.Name.Trim(), request.Scopes!, sharedWorker, request.ExpiresAt, ct);
        await audit.RecordAsync(AuditActions.ApiKeyCreated, userId, userId, succeeded: true,
            detail: $"key {created.Id} ({created.Prefix}), scopes {string.Join(' ', created.Scopes)}");
        return created;
    }

    /// <summary>What every new key must be: named, with known scopes among <paramref name="allowed"/>, expiring in the future if at all.</summary>
    internal static FieldErrors Check(CreateApiKeyRequest request, IReadOnlyCollection<string> allowed, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Required("name", request.Name);
        errors.MaxLength("name", request.Name, 100);
        if (request.Scopes is null || request.Scopes.Count == 0)
            errors.Add("scopes", $"must name at least one of {string.Join(", ", allowed)}.");
        else if (request.Scopes.FirstOrDefault(s => !allowed.Contains(s)) is { } unknown)
            errors.Add("scopes", $"'{unknown}' is not one of {string.Join(", ", allowed)}.");
        if (request.ExpiresAt is { } expiresAt && expiresAt <= now)
            errors.Add("expiresAt", "must be in the future.");
        return errors;
    }

    // A key that acts across users (the admin scope, an admin's worker key) outlives the token that made it, so whoever
    // holds the token must also know the password.
    private async Task RequireCurrentPasswordAsync(string? password, Guid userId, FieldErrors errors, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", "is required for a key with the admin scope, and for an admin's worker key (it runs every user's jobs): your current password.");
            return;
        }
        if (await documents.LoadAsync<UserAccount>(userId, ct) is { } user && Passwords.IsCurrent(user, password))
            return;
        errors.Add("password", "is not right.");
        await audit.RecordAsync(AuditActions.ApiKeyCreated, userId, userId, succeeded: false, detail: "key acting across users, wrong password");
    }

    public async Task<Outcome<bool>> RevokeAsync(ClaimsPrincipal caller, Guid id, CancellationToken ct)
    {
        var revoked = await keys.RevokeAsync(caller.UserIdOf(), id, ct);
        if (revoked is null)
            return Refusal.NotFound("API key not found.", detail: $"There is no active API key {id}.");
        await audit.RecordAsync(AuditActions.ApiKeyRevoked, caller.UserIdOf(), caller.UserIdOf(), succeeded: true, detail: $"key {id} ({revoked.Prefix})");
        return true;
    }
}
