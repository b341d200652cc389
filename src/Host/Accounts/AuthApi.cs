using System.Net.Mail;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Host.Defaults;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>Registering, signing in, refreshing and signing out: the only API reachable without credentials.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth")
            .WithTags("Auth")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Auth);

        auth.MapPost("/register", RegisterAsync)
            .WithName("Register")
            .WithSummary("Create an account; the first account is an admin")
            .Accepts<RegisterRequest>("application/json");
        auth.MapPost("/login", LoginAsync)
            .WithName("Login")
            .WithSummary("Sign in with e-mail and password: an access token and a refresh token")
            .Accepts<LoginRequest>("application/json");
        auth.MapPost("/refresh", RefreshAsync)
            .WithName("Refresh")
            .WithSummary("Trade a refresh token for a new pair; each refresh token works once")
            .Accepts<RefreshRequest>("application/json");
        auth.MapPost("/logout", LogoutAsync)
            .WithName("Logout")
            .WithSummary("End the session a refresh token belongs to")
            .Accepts<RefreshRequest>("application/json");
        return auth;
    }

    private static async Task<Results<Created<UserProfile>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        HttpRequest request, IDocumentSession documents, Passwords passwords, IOptions<AccountsOptions> options, AuditLog audit,
        TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterRequest>(request, ct);
        if (body is null)
            return problem!;
        var errors = new FieldErrors();
        if (errors.Required("email", body.Email) && !IsEmail(body.Email))
            errors.Add("email", "is not an e-mail address.");
        errors.MaxLength("email", body.Email, 254);
        if (errors.Required("password", body.Password) && Passwords.Weakness(body.Password, body.Email) is { } weakness)
            errors.Add("password", weakness);
        errors.MaxLength("displayName", body.DisplayName, 100);
        if (errors.Any)
            return ApiProblems.Invalid(errors, "The account was not created.");

        var email = body.Email.Trim();
        var normalized = UserAccount.Normalize(email);
        if (await documents.Query<UserAccount>().AnyAsync(u => u.NormalizedEmail == normalized, ct))
            return EmailTaken();
        var first = !await documents.Query<UserAccount>().AnyAsync(ct);
        var admin = first || options.Value.Admins.Any(a => UserAccount.Normalize(a) == normalized);
        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            Email = email,
            NormalizedEmail = normalized,
            DisplayName = string.IsNullOrWhiteSpace(body.DisplayName) ? email.Split('@')[0] : body.DisplayName.Trim(),
            PasswordHash = passwords.Hash(body.Password),
            Role = admin ? Roles.Admin : Roles.User,
            SecurityStamp = Secrets.NewRandom(16),
            CreatedAt = clock.GetUtcNow(),
        };
        documents.Insert(user);
        try
        {
            await documents.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return EmailTaken();
        }
        await audit.RecordAsync(AuditActions.Registered, user.Id, user.Id, succeeded: true, detail: $"role {user.Role}");
        return TypedResults.Created("/api/v1/users/me", user.ToProfile());
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        HttpRequest request, IQuerySession documents, Passwords passwords, RefreshSessions sessions, AccessTokens tokens,
        AuditLog audit, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<LoginRequest>(request, ct);
        if (body is null)
            return problem!;
        var errors = new FieldErrors();
        errors.Required("email", body.Email);
        errors.Required("password", body.Password);
        errors.MaxLength("password", body.Password, Passwords.MaxLength);
        errors.MaxLength("device", body.Device, 200);
        if (errors.Any)
            return ApiProblems.Invalid(errors);

        var normalized = UserAccount.Normalize(body.Email);
        var user = await documents.Query<UserAccount>().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null)
        {
            passwords.VerifyDecoy(body.Password);
            await audit.RecordAsync(AuditActions.LoginFailed, null, null, succeeded: false, detail: "unknown e-mail");
            return InvalidCredentials();
        }
        if (!Passwords.Verify(user.PasswordHash, body.Password))
        {
            await audit.RecordAsync(AuditActions.LoginFailed, null, user.Id, succeeded: false, detail: "wrong password");
            return InvalidCredentials();
        }
        if (user.Disabled)
        {
            await audit.RecordAsync(AuditActions.LoginFailed, null, user.Id, succeeded: false, detail: "account disabled");
            return AccountDisabled();
        }

        var (session, refreshToken) = await sessions.StartAsync(user.Id, DeviceOf(body.Device, request), ct);
        return TypedResults.Ok(Tokens(tokens, user, session, refreshToken));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        HttpRequest request, IQuerySession documents, RefreshSessions sessions, AccessTokens tokens, AuditLog audit, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RefreshRequest>(request, ct);
        if (body is null)
            return problem!;
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
            return ApiProblems.Invalid("refreshToken", "is required.");

        var result = await sessions.RotateAsync(body.RefreshToken, ct);
        if (result.Outcome == RefreshOutcome.Reused)
        {
            await audit.RecordAsync(AuditActions.RefreshTokenReused, null, result.Session!.UserId, succeeded: false,
                detail: $"session {result.Session.Id} ended");
            return ApiProblems.Create(StatusCodes.Status401Unauthorized, "refresh_token_reused", "The refresh token was already used.",
                "Its session has been ended for safety. Sign in again.");
        }
        var user = result.Session is null ? null : await documents.LoadAsync<UserAccount>(result.Session.UserId, ct);
        if (result.Outcome != RefreshOutcome.Rotated || user is null || user.Disabled)
            return ApiProblems.Create(StatusCodes.Status401Unauthorized, "invalid_refresh_token", "The refresh token is not valid.",
                "It is unknown, expired, or its session has ended. Sign in again.");
        return TypedResults.Ok(Tokens(tokens, user, result.Session!, result.Token!));
    }

    private static async Task<Results<NoContent, ValidationProblem>> LogoutAsync(HttpRequest request, RefreshSessions sessions, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RefreshRequest>(request, ct);
        if (body is null)
            return problem!;
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
            return ApiProblems.Invalid("refreshToken", "is required.");
        await sessions.EndAsync(body.RefreshToken, ct);
        return TypedResults.NoContent();
    }

    private static TokenResponse Tokens(AccessTokens tokens, UserAccount user, RefreshSession session, string refreshToken)
    {
        var (accessToken, expiresAt) = tokens.Issue(user, session.Id);
        return new TokenResponse(accessToken, expiresAt, refreshToken, session.ExpiresAt, session.Id);
    }

    private static string DeviceOf(string? named, HttpRequest request)
    {
        if (!string.IsNullOrWhiteSpace(named))
            return named.Trim();
        var agent = request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? "unknown" : agent[..Math.Min(agent.Length, 200)];
    }

    // One answer for an unknown e-mail and a wrong password, so the API does not tell which accounts exist.
    private static ProblemHttpResult InvalidCredentials() =>
        ApiProblems.Create(StatusCodes.Status401Unauthorized, "invalid_credentials", "The e-mail or password is not right.");

    private static ProblemHttpResult AccountDisabled() =>
        ApiProblems.Create(StatusCodes.Status403Forbidden, "account_disabled", "The account is disabled.", "Ask an administrator to enable it.");

    private static ProblemHttpResult EmailTaken() =>
        ApiProblems.Create(StatusCodes.Status409Conflict, "email_taken", "An account with this e-mail already exists.");

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && address.Host.Contains('.');

    private static bool IsUniqueViolation(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || (e.InnerException is { } inner && IsUniqueViolation(inner));
}
