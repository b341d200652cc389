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
            .Describe("Register", "Create an account; the first account is an admin")
            .Accepts<RegisterRequest>("application/json");
        auth.MapPost("/login", LoginAsync)
            .Describe("Login", "Sign in with e-mail and password: an access token and a refresh token")
            .Accepts<LoginRequest>("application/json");
        auth.MapPost("/refresh", RefreshAsync)
            .Describe("Refresh", "Trade a refresh token for a new pair; each refresh token works once")
            .Accepts<RefreshRequest>("application/json");
        auth.MapPost("/logout", LogoutAsync)
            .Describe("Logout", "End the session a refresh token belongs to")
            .Accepts<RefreshRequest>("application/json");
        auth.MapPost("/forgot-password", ForgotPasswordAsync)
            .Describe("ForgotPassword", "Mail the account of an e-mail a link to choose a new password; the same 202 whether or not it exists")
            .Accepts<ForgotPasswordRequest>("application/json");
        auth.MapPost("/reset-password", ResetPasswordAsync)
            .Describe("ResetPassword", "Set a new password with the token of a mailed reset link; every session of the account ends")
            .Accepts<ResetPasswordRequest>("application/json");
        return auth;
    }

    private static async Task<Results<Created<UserProfile>, ProblemHttpResult, ValidationProblem>> RegisterAsync(
        HttpRequest request, SignIns signIns, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (RegisterRequest body) => signIns.RegisterAsync(body, ct), ct)).Created(_ => "/api/v1/users/me");

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> LoginAsync(
        HttpRequest request, SignIns signIns, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (LoginRequest body) => signIns.LoginAsync(body, request.Headers.UserAgent.ToString(), ct), ct)).Ok();

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult, ValidationProblem>> RefreshAsync(
        HttpRequest request, SignIns signIns, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (RefreshRequest body) => signIns.RefreshAsync(body, ct), ct)).Ok();

    private static async Task<Results<Accepted, ProblemHttpResult, ValidationProblem>> ForgotPasswordAsync(
        HttpRequest request, PasswordResets resets, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (ForgotPasswordRequest body) => resets.RequestAsync(body, ct), ct)).Answer(_ => TypedResults.Accepted((string?)null));

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ResetPasswordAsync(
        HttpRequest request, PasswordResets resets, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (ResetPasswordRequest body) => resets.ResetAsync(body, ct), ct)).NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> LogoutAsync(HttpRequest request, SignIns signIns, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (RefreshRequest body) => signIns.LogoutAsync(body, ct), ct)).NoContent();
}
