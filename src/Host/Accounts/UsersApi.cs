namespace Platform.Host.Accounts;

/// <summary>The signed-in person's own account: profile, password, sessions and API keys.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapApiGroup("/api/v1/users/me", "Account", PlatformClaims.AccountScope);

        me.MapGet("/", GetProfileAsync)
            .Describe("GetMyProfile", "My profile and settings");
        me.MapPut("/", UpdateProfileAsync)
            .Describe("UpdateMyProfile", "Change my display name or settings")
            .Accepts<UpdateProfileRequest>("application/json");
        me.MapPut("/password", ChangePasswordAsync)
            .Describe("ChangeMyPassword", "Change my password; signs out my other sessions")
            .Accepts<ChangePasswordRequest>("application/json");
        me.MapGet("/sessions", ListSessionsAsync)
            .Describe("ListMySessions", "Devices signed in to my account");
        me.MapDelete("/sessions/{id:guid}", RevokeSessionAsync)
            .Describe("RevokeMySession", "Sign a device out");
        me.MapApiKeys();
        return me;
    }

    private static async Task<Results<Ok<UserProfile>, ProblemHttpResult, ValidationProblem>> GetProfileAsync(
        ClaimsPrincipal caller, OwnAccount account, CancellationToken ct) =>
        (await account.ProfileAsync(caller, ct)).Ok();

    private static async Task<Results<Ok<UserProfile>, ProblemHttpResult, ValidationProblem>> UpdateProfileAsync(
        HttpRequest request, ClaimsPrincipal caller, OwnAccount account, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (UpdateProfileRequest body) => account.UpdateProfileAsync(caller, body, ct), ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> ChangePasswordAsync(
        HttpRequest request, ClaimsPrincipal caller, OwnAccount account, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (ChangePasswordRequest body) => account.ChangePasswordAsync(caller, body, ct), ct)).NoContent();

    private static async Task<Ok<List<SessionInfo>>> ListSessionsAsync(ClaimsPrincipal caller, RefreshSessions sessions, CancellationToken ct)
    {
        var current = caller.SessionIdOf();
        var active = await sessions.ListActiveAsync(caller.UserIdOf(), ct);
        return TypedResults.Ok(active.Select(s => new SessionInfo(s.Id, s.Device, s.CreatedAt, s.LastUsedAt, s.ExpiresAt, s.Id == current)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RevokeSessionAsync(
        Guid id, ClaimsPrincipal caller, OwnAccount account, CancellationToken ct) =>
        (await account.RevokeSessionAsync(caller, id, ct)).NoContent();
}
