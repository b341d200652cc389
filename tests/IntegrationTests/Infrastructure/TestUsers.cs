using Platform.Client;
using Platform.Contracts.Accounts;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>A registered, signed-in user of a test host, with a client that calls as them.</summary>
public sealed record TestUser(Guid Id, string Email, string Password, TokenResponse Tokens, PlatformClient Client)
{
    public const string DefaultPassword = "correct horse battery staple";

    /// <summary>A new user of the host <paramref name="anonymous"/> calls, registered and signed in with a password; their client uses the access token.</summary>
    public static async Task<TestUser> SignUpAsync(PlatformClient anonymous, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@test.example";
        var profile = await anonymous.RegisterAsync(new RegisterRequest(email, DefaultPassword));
        var tokens = await anonymous.LoginAsync(new LoginRequest(email, DefaultPassword, "tests"));
        return new TestUser(profile.Id, email, DefaultPassword, tokens, anonymous.WithCredentials(PlatformCredentials.Bearer(tokens.AccessToken)));
    }

    /// <summary>
    /// A client that calls as this user with a new API key of the given scopes, made with the password that a key
    /// acting across users (the admin scope, an admin's worker key) takes.
    /// </summary>
    public async Task<(PlatformClient Client, ApiKeyCreated Key)> WithApiKeyAsync(params string[] scopes)
    {
        var key = await Client.CreateApiKeyAsync(new CreateApiKeyRequest($"test key {Guid.NewGuid():N}", scopes, Password: Password));
        return (Client.WithCredentials(PlatformCredentials.ApiKey(key.Secret)), key);
    }
}
