using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Host.Defaults;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>The signed-in person's own account: profile, password, sessions and API keys.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/users/me")
            .WithTags("Account")
            .RequireAuthorization(PlatformClaims.AccountScope)
            .RequireRateLimiting(RateLimitPolicies.Api);

        me.MapGet("/", GetProfileAsync)
            .WithName("GetMyProfile")
            .WithSummary("My profile and settings");
        me.MapPut("/", UpdateProfileAsync)
            .WithName("UpdateMyProfile")
            .WithSummary("Change my display name or settings")
            .Accepts<UpdateProfileRequest>("application/json");
        me.MapPut("/password", ChangePasswordAsync)
            .WithName("ChangeMyPassword")
            .WithSummary("Change my password; signs out my other sessions")
            .Accepts<ChangePasswordRequest>("application/json");
        me.MapGet("/sessions", ListSessionsAsync)
            .WithName("ListMySessions")
            .WithSummary("Devices signed in to my account");
        me.MapDelete("/sessions/{id:guid}", RevokeSessionAsync)
            .WithName("RevokeMySession")
            .WithSummary("Sign a device out");
        me.MapApiKeys();
        return me;
    }

    private static async Task<Results<Ok<UserProfile>, ProblemHttpResult>> GetProfileAsync(ClaimsPrincipal caller, IQuerySession documents, CancellationToken ct)
    {
        var user = await documents.LoadAsync<UserAccount>(caller.UserIdOf(), ct);
        return user is null ? Gone() : TypedResults.Ok(user.ToProfile());
    }

    private static async Task<Results<Ok<UserProfile>, ValidationProblem, ProblemHttpResult>> UpdateProfileAsync(
        HttpRequest request, ClaimsPrincipal caller, IDocumentSession documents, AccountCache accounts, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<UpdateProfileRequest>(request, ct);
        if (body is null)
            return problem!;
        var errors = new FieldErrors();
        if (body.DisplayName is not null)
        {
            errors.Required("displayName", body.DisplayName);
            errors.MaxLength("displayName", body.DisplayName, 100);
        }
        if (body.Settings is { Notifications: null })
            errors.Add("settings.notifications", "is required.");
        if (errors.Any)
            return ApiProblems.Invalid(errors);

        var user = await documents.LoadAsync<UserAccount>(caller.UserIdOf(), ct);
        if (user is null)
            return Gone();
        user.DisplayName = body.DisplayName?.Trim() ?? user.DisplayName;
        user.Settings = body.Settings ?? user.Settings;
        documents.Update(user);
        await documents.SaveChangesAsync(ct);
        // Every host reads notification preferences through the cache.
        await accounts.ForgetUserAsync(user.Id);
        return TypedResults.Ok(user.ToProfile());
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        HttpRequest request, ClaimsPrincipal caller, IDocumentSession documents, Passwords passwords, RefreshSessions sessions,
        AccountCache accounts, AuditLog audit, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ChangePasswordRequest>(request, ct);
        if (body is null)
            return problem!;
        var user = await documents.LoadAsync<UserAccount>(caller.UserIdOf(), ct);
        if (user is null)
            return Gone();
        var errors = new FieldErrors();
        if (errors.Required("currentPassword", body.CurrentPassword)
            && (body.CurrentPassword.Length > Passwords.MaxLength || !Passwords.Verify(user.PasswordHash, body.CurrentPassword)))
            errors.Add("currentPassword", "is not right.");
        if (errors.Required("newPassword", body.NewPassword) && Passwords.Weakness(body.NewPassword, user.Email) is { } weakness)
            errors.Add("newPassword", weakness);
        if (errors.Any)
        {
            await audit.RecordAsync(AuditActions.PasswordChanged, user.Id, user.Id, succeeded: false, detail: string.Join(", ", errors.ToDictionary().Keys));
            return ApiProblems.Invalid(errors, "The password was not changed.");
        }

        user.PasswordHash = passwords.Hash(body.NewPassword);
        user.SecurityStamp = Secrets.NewRandom(16);
        documents.Update(user);
        await documents.SaveChangesAsync(ct);
        await accounts.EndUserAccessAsync(user.Id);
        await sessions.RevokeAllAsync(user.Id, except: caller.SessionIdOf(), "password changed", ct);
        await audit.RecordAsync(AuditActions.PasswordChanged, user.Id, user.Id, succeeded: true);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<SessionInfo>>> ListSessionsAsync(ClaimsPrincipal caller, RefreshSessions sessions, CancellationToken ct)
    {
        var current = caller.SessionIdOf();
        var active = await sessions.ListActiveAsync(caller.UserIdOf(), ct);
        return TypedResults.Ok(active.Select(s => new SessionInfo(s.Id, s.Device, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.Id == current)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(
        Guid id, ClaimsPrincipal caller, RefreshSessions sessions, AuditLog audit, CancellationToken ct)
    {
        if (!await sessions.RevokeAsync(caller.UserIdOf(), id, "revoked by its owner", ct))
            return ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "Session not found.", $"There is no active session {id}.");
        await audit.RecordAsync(AuditActions.SessionRevoked, caller.UserIdOf(), caller.UserIdOf(), succeeded: true, detail: $"session {id}");
        return TypedResults.NoContent();
    }

    // The token was valid a moment ago, so its account was deleted in between.
    private static ProblemHttpResult Gone() =>
        ApiProblems.Create(StatusCodes.Status401Unauthorized, "unauthenticated", "The account no longer exists.");
}
