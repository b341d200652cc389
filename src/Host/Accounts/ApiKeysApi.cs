namespace Platform.Host.Accounts;

/// <summary>API keys for bots and integrations, under <c>/api/v1/users/me/api-keys</c>.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeys(this RouteGroupBuilder me)
    {
        var keys = me.MapGroup("/api-keys");
        keys.MapPost("/", CreateAsync)
            .Describe("CreateApiKey", "Create an API key; its secret is shown in this response only")
            .Accepts<CreateApiKeyRequest>("application/json");
        keys.MapGet("/", ListAsync)
            .Describe("ListApiKeys", "My API keys (prefix, scopes, expiry, last use; never the secret)");
        keys.MapDelete("/{id:guid}", RevokeAsync)
            .Describe("RevokeApiKey", "Revoke an API key");
        return keys;
    }

    private static async Task<Results<Created<ApiKeyCreated>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        HttpRequest request, ClaimsPrincipal caller, ApiKeyCommands commands, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (CreateApiKeyRequest body) => commands.CreateAsync(caller, body, ct), ct))
            .Created(created => $"/api/v1/users/me/api-keys/{created.Id}");

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListAsync(ClaimsPrincipal caller, ApiKeys keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(caller.UserIdOf(), ct));

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RevokeAsync(
        Guid id, ClaimsPrincipal caller, ApiKeyCommands commands, CancellationToken ct) =>
        (await commands.RevokeAsync(caller, id, ct)).NoContent();
}
