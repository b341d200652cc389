using System.Net.Mail;
using Marten;
using Npgsql;
using Platform.Contracts;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>Registering, signing in, refreshing and signing out: what a caller does before they hold a token, and to keep one.</summary>
public sealed class SignIns(
    IDocumentSession documents, Passwords passwords, RefreshSessions sessions, AccessTokens tokens, IOptions<AccountsOptions> options, AuditLog audit,
    TimeProvider clock)
{
    // One answer for an unknown e-mail and a wrong password, so the API does not tell which accounts exist.
    private static readonly Refusal InvalidCredentials = Refusal.Unauthenticated("invalid_credentials", "The e-mail or password is not right.");

    private static readonly Refusal AccountDisabled =
        Refusal.Forbidden("account_disabled", "The account is disabled.", "Ask an administrator to enable it.");

    private static readonly Refusal EmailTaken = Refusal.Conflict("email_taken", "An account with this e-mail already exists.");

    private const int MaxDevice = 200;

    /// <summary>Creates an account; the first one, and those the options name, are admins.</summary>
    public async Task<Outcome<UserProfile>> RegisterAsync(RegisterRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (errors.Required("email", request.Email) && !IsEmail(request.Email))
            errors.Add("email", "is not an e-mail address.");
        errors.MaxLength("email", request.Email, 254);
        if (errors.Required("password", request.Password) && Passwords.Weakness(request.Password, request.Email) is { } weakness)
            errors.Add("password", weakness);
        errors.MaxLength("displayName", request.DisplayName, 100);
        if (errors.Any)
            return Refusal.Invalid(errors, "The account was not created.");

        var email = request.Email.Trim();
        var normalized = UserAccount.Normalize(email);
        if (await documents.Query<UserAccount>().AnyAsync(u => u.NormalizedEmail == normalized, ct))
            return EmailTaken;
        var first = !await documents.Query<UserAccount>().AnyAsync(ct);
        var admin = first || options.Value.Admins.Any(a => UserAccount.Normalize(a) == normalized);
        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            Email = email,
            NormalizedEmail = normalized,
            DisplayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email.Split('@')[0] : request.DisplayName.Trim(),
            PasswordHash = passwords.Hash(request.Password),
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
            return EmailTaken;
        }
        await audit.RecordAsync(AuditActions.Registered, user.Id, user.Id, succeeded: true, detail: $"role {user.Role}");
        return user.ToProfile();
    }

    /// <summary>Starts a session on the device the request names, else on the one its <paramref name="userAgent"/> names.</summary>
    public async Task<Outcome<TokenResponse>> LoginAsync(LoginRequest request, string userAgent, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Required("email", request.Email);
        errors.Required("password", request.Password);
        errors.MaxLength("password", request.Password, Passwords.MaxLength);
        errors.MaxLength("device", request.Device, MaxDevice);
        if (errors.Any)
            return Refusal.Invalid(errors);

        var normalized = UserAccount.Normalize(request.Email);
        var user = await documents.Query<UserAccount>().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null)
        {
            passwords.VerifyDecoy(request.Password);
            await audit.RecordAsync(AuditActions.LoginFailed, null, null, succeeded: false, detail: "unknown e-mail");
            return InvalidCredentials;
        }
        if (!Passwords.Verify(user.PasswordHash, request.Password))
        {
            await audit.RecordAsync(AuditActions.LoginFailed, null, user.Id, succeeded: false, detail: "wrong password");
            return InvalidCredentials;
        }
        if (user.Disabled)
        {
            await audit.RecordAsync(AuditActions.LoginFailed, null, user.Id, succeeded: false, detail: "account disabled");
            return AccountDisabled;
        }

        var (session, refreshToken) = await sessions.StartAsync(user.Id, DeviceOf(request.Device, userAgent), ct);
        return Tokens(user, session, refreshToken);
    }

    /// <summary>Trades a refresh token for a new pair, while its account may still sign in.</summary>
    public async Task<Outcome<TokenResponse>> RefreshAsync(RefreshRequest request, CancellationToken ct)
    {
        if (MissingToken(request) is { } missing)
            return missing;
        var rotated = await sessions.RotateAsync(request.RefreshToken, ct);
        if (rotated.Refusal is { } refusal)
            return refusal;
        var (session, token) = rotated.Value;
        if (await documents.LoadAsync<UserAccount>(session.UserId, ct) is not { Disabled: false } user)
            return RefreshSessions.InvalidToken;
        return Tokens(user, session, token);
    }

    /// <summary>Ends the session a refresh token belongs to; a token that ends none is no error, the caller is signed out all the same.</summary>
    public async Task<Outcome<bool>> LogoutAsync(RefreshRequest request, CancellationToken ct)
    {
        if (MissingToken(request) is { } missing)
            return missing;
        return await sessions.EndAsync(request.RefreshToken, ct);
    }

    private static Refusal? MissingToken(RefreshRequest request) =>
        string.IsNullOrWhiteSpace(request.RefreshToken) ? Refusal.Invalid("refreshToken", "is required.") : null;

    private TokenResponse Tokens(UserAccount user, RefreshSession session, string refreshToken)
    {
        var (accessToken, expiresAt) = tokens.Issue(user, session.Id);
        return new TokenResponse(accessToken, expiresAt, refreshToken, session.ExpiresAt, session.Id);
    }

    private static string DeviceOf(string? named, string userAgent)
    {
        if (!string.IsNullOrWhiteSpace(named))
            return named.Trim();
        return userAgent.Length == 0 ? "unknown" : userAgent[..Math.Min(userAgent.Length, MaxDevice)];
    }

    internal static bool IsEmail(string value) =>
        MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && address.Host.Contains('.');

    private static bool IsUniqueViolation(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || (e.InnerException is { } inner && IsUniqueViolation(inner));
}
