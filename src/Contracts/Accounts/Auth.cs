namespace Platform.Contracts.Accounts;

/// <summary>Body of <c>POST /api/v1/auth/register</c>.</summary>
public sealed record RegisterRequest(string Email, string Password, string? DisplayName = null);

/// <summary>Body of <c>POST /api/v1/auth/login</c>. <paramref name="Device"/> names the session in the sessions list.</summary>
public sealed record LoginRequest(string Email, string Password, string? Device = null);

/// <summary>Body of <c>POST /api/v1/auth/refresh</c> and <c>/logout</c>.</summary>
public sealed record RefreshRequest(string RefreshToken);

/// <summary>
/// A short-lived access token for <c>Authorization: Bearer</c> (and the hub's <c>access_token</c>), and the
/// refresh token that buys the next pair once; a refresh token used twice ends its whole session.
/// </summary>
public sealed record TokenResponse(
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt,
    Guid SessionId,
    string TokenType = "Bearer");

/// <summary>Body of <c>POST /api/v1/auth/forgot-password</c>: the account's e-mail, which is sent a link to choose a new password.</summary>
public sealed record ForgotPasswordRequest(string Email);

/// <summary>Body of <c>POST /api/v1/auth/reset-password</c>: the token of a mailed reset link and the new password.</summary>
public sealed record ResetPasswordRequest(string Token, string Password);
