namespace Platform.Host.Organizations;

/// <summary>An organization's API keys: its admins make, list and revoke them; a key acts for the organization.</summary>
public static class OrganizationKeysApi
{
    public static RouteGroupBuilder MapOrganizationKeys(this RouteGroupBuilder organizations)
    {
        organizations.MapPost("/{id:guid}/api-keys", CreateAsync)
            .Describe("CreateOrganizationApiKey", "Admins make a key that acts for the organization (jobs:read, jobs:write, worker); its secret is shown once")
            .Accepts<CreateApiKeyRequest>("application/json");
        organizations.MapGet("/{id:guid}/api-keys", ListAsync)
            .Describe("ListOrganizationApiKeys", "The organization's keys (prefix, scopes, expiry, last use; never the secret)");
        organizations.MapDelete("/{id:guid}/api-keys/{keyId:guid}", RevokeAsync)
            .Describe("RevokeOrganizationApiKey", "Revoke one of the organization's keys: what it opened closes on every host");
        return organizations;
    }

    private static async Task<Results<Created<ApiKeyCreated>, ProblemHttpResult, ValidationProblem>> CreateAsync(Guid id, HttpRequest request,
        ClaimsPrincipal caller, OrganizationService organizations, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (CreateApiKeyRequest body) => organizations.CreateKeyAsync(caller.UserIdOf(), id, body, ct), ct))
        .Created(created => $"/api/v1/organizations/{id}/api-keys/{created.Id}");

    private static async Task<Results<Ok<IReadOnlyList<ApiKeyInfo>>, ProblemHttpResult, ValidationProblem>> ListAsync(Guid id, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await organizations.KeysAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RevokeAsync(Guid id, Guid keyId, ClaimsPrincipal caller,
        OrganizationService organizations, CancellationToken ct) =>
        (await organizations.RevokeKeyAsync(caller.UserIdOf(), id, keyId, ct)).NoContent();
}
