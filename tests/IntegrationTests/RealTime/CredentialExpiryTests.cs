using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.RealTime;

/// <summary>A host whose access tokens last seconds, not minutes.</summary>
public sealed class ShortTokenFixture() : PlatformFixture("short-tokens", new Dictionary<string, string?>
{
    ["Accounts:AccessTokenLifetime"] = "00:00:03",
});

public sealed class CredentialExpiryTests(ShortTokenFixture platform) : IClassFixture<ShortTokenFixture>
{
    [Fact]
    public async Task A_hub_connection_closes_when_the_token_it_was_opened_with_expires()
    {
        var user = await platform.Application.CreateUserAsync();

        await using var live = await LiveConnection.OpenAsync(platform.Application, user);

        // Tokens are accepted up to 30 s past their expiry (clock skew); the connection closes at the expiry itself.
        await live.ClosedAsync("the connection closed once its token expired");
    }

    [Fact]
    public async Task A_hub_connection_closes_when_the_key_it_was_opened_with_expires()
    {
        var user = await platform.Application.CreateUserAsync();
        // Long enough that a slow machine still connects before the key expires.
        var key = await user.Client.CreateApiKeyAsync(new CreateApiKeyRequest("brief", [Scopes.JobsRead], DateTimeOffset.UtcNow.AddSeconds(10)));

        await using var live = await LiveConnection.OpenWithKeyAsync(platform.Application, key.Secret);

        await live.ClosedAsync("the connection closed once its key expired", within: TimeSpan.FromSeconds(30));
    }
}
