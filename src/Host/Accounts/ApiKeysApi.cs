using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Host.Defaults;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>API keys for bots and integrations, under <c>/api/v1/users/me/api-keys</c>.</summary>
public static class ApiKeysApi
{
    private const int MaxKeysPerUser = 50;

    public static RouteGroupBuilder MapApiKeys(this RouteGroupBuilder me)
    {
        var keys = me.MapGroup("/api-keys");
        keys.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key; its secret is shown in this response only")
            .Accepts<CreateApiKeyRequest>("application/json");
        keys.MapGet("/", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("My API keys (prefix, scopes, expiry, last use; never the secret)");
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key");
        return keys;
    }

    private static async Task<Results<Created<ApiKeyCreated>, ValidationProblem>> CreateAsync(
        HttpRequest request, ClaimsPrincipal caller, ApiKeys keys, IQuerySession documents, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateApiKeyRequest>(request, ct);
        if (body is null)
            return problem!;
        var errors = new FieldErrors();
        errors.Required("name", body.Name);
        errors.MaxLength("name", body.Name, 100);
        if (body.Scopes is null || body.Scopes.Count == 0)
            errors.Add("scopes", $"must name at least one of {string.Join(", ", Scopes.All)}.");
        else if (body.Scopes.FirstOrDefault(s => !Scopes.All.Contains(s)) is { } unknown)
            errors.Add("scopes", $"'{unknown}' is not one of {string.Join(", ", Scopes.All)}.");
        else if (body.Scopes.Contains(Scopes.Admin) && !caller.IsInRole(Roles.Admin))
            errors.Add("scopes", "admin is only for admins.");
        if (body.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow())
            errors.Add("expiresAt", "must be in the future.");
        var userId = caller.UserIdOf();
        if (!errors.Any && (await keys.ListAsync(userId, ct)).Count >= MaxKeysPerUser)
            errors.Add("body", $"at most {MaxKeysPerUser} keys; revoke one first.");
        // An admin's worker key runs every user's jobs: it acts across users as the admin scope does.
        var sharedWorker = !errors.Any && body.Scopes!.Contains(Scopes.Worker) && caller.IsInRole(Roles.Admin);
        if (!errors.Any && (body.Scopes!.Contains(Scopes.Admin) || sharedWorker))
            await RequireCurrentPasswordAsync(body.Password, userId, documents, audit, errors, ct);
        if (errors.Any)
            return ApiProblems.Invalid(errors, "The API key was not created.");

        var created = await keys.CreateAsync(userId, body.Name.Trim(), body.Scopes!, sharedWorker, body.ExpiresAt, ct);
        await audit.RecordAsync(AuditActions.ApiKeyCreated, userId, userId, succeeded: true,
            detail: $"key {created.Id} ({created.Prefix}), scopes {string.Join(' ', created.Scopes)}");
        return TypedResults.Created($"/api/v1/users/me/api-keys/{created.Id}", created);
    }

    // A key that acts across users (the admin scope, an admin's worker key) outlives the token that made it, so whoever
    // holds the token must also know the password.
    private static async Task RequireCurrentPasswordAsync(string? password, Guid userId, IQuerySession documents, AuditLog audit, FieldErrors errors,
        CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", "is required for a key with the admin scope, and for an admin's worker key (it runs every user's jobs): your current password.");
            return;
        }
        var user = await documents.LoadAsync<UserAccount>(userId, ct);
        if (user is not null && password.Length <= Passwords.MaxLength && Passwords.Verify(user.PasswordHash, password))
            return;
        errors.Add("password", "is not right.");
        await audit.RecordAsync(AuditActions.ApiKeyCreated, userId, userId, succeeded: false, detail: "key acting across users, wrong password");
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListAsync(ClaimsPrincipal caller, ApiKeys keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(caller.UserIdOf(), ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal caller, ApiKeys keys, AuditLog audit, CancellationToken ct)
    {
        var revoked = await keys.RevokeAsync(caller.UserIdOf(), id, ct);
        if (revoked is null)
            return ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "API key not found.", $"There is no active API key {id}.");
        await audit.RecordAsync(AuditActions.ApiKeyRevoked, caller.UserIdOf(), caller.UserIdOf(), succeeded: true, detail: $"key {id} ({revoked.Prefix})");
        return TypedResults.NoContent();
    }
}
