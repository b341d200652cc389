using System.Net;
using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Accounts;

public sealed class TokenTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task A_refresh_token_buys_a_new_pair_once()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();

        var renewed = await anonymous.RefreshAsync(user.Tokens.RefreshToken);

        renewed.RefreshToken.Should().NotBe(user.Tokens.RefreshToken);
        renewed.SessionId.Should().Be(user.Tokens.SessionId);
        (await anonymous.WithCredentials(PlatformCredentials.Bearer(renewed.AccessToken)).GetProfileAsync()).Id.Should().Be(user.Id);
    }

    [Fact]
    public async Task A_spent_refresh_token_coming_back_ends_its_whole_session()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        var renewed = await anonymous.RefreshAsync(user.Tokens.RefreshToken);

        var replay = await Refused(() => anonymous.RefreshAsync(user.Tokens.RefreshToken));

        replay.Status.Should().Be(HttpStatusCode.Unauthorized);
        replay.Code.Should().Be("refresh_token_reused");
        (await Refused(() => anonymous.RefreshAsync(renewed.RefreshToken))).Code.Should().Be("invalid_refresh_token",
            "the legitimate holder's newer token belongs to the ended family too");
        (await StatusWithToken(renewed.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();

        await anonymous.LogoutAsync(user.Tokens.RefreshToken);

        (await Refused(() => anonymous.RefreshAsync(user.Tokens.RefreshToken))).Code.Should().Be("invalid_refresh_token");
        (await StatusWithToken(user.Tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized, "the session's access token ends with it");
    }

    [Fact]
    public async Task Sessions_list_every_device_and_one_can_be_signed_out()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();
        var phone = await anonymous.LoginAsync(new LoginRequest(user.Email, user.Password, "phone"));

        var sessions = await user.Client.ListSessionsAsync();
        sessions.Should().HaveCount(2);
        sessions.Single(s => s.Current).Id.Should().Be(user.Tokens.SessionId);
        sessions.Single(s => !s.Current).Device.Should().Be("phone");

        await user.Client.RevokeSessionAsync(phone.SessionId);

        (await Refused(() => anonymous.RefreshAsync(phone.RefreshToken))).Code.Should().Be("invalid_refresh_token");
        (await StatusWithToken(phone.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await user.Client.ListSessionsAsync()).Should().ContainSingle().Which.Id.Should().Be(user.Tokens.SessionId);
    }

    [Fact]
    public async Task Another_users_session_cannot_be_signed_out()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();

        (await Refused(() => stranger.Client.RevokeSessionAsync(owner.Tokens.SessionId))).Status.Should().Be(HttpStatusCode.NotFound);

        (await App.CreateAnonymousClient().RefreshAsync(owner.Tokens.RefreshToken)).AccessToken.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task An_expired_access_token_is_refused()
    {
        var user = await App.CreateUserAsync();
        var token = Forge(user, signingKey: PlatformApplication.TestSigningKey, expires: DateTime.UtcNow.AddMinutes(-5));

        (await StatusWithToken(token)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var user = await App.CreateUserAsync();
        var token = Forge(user, signingKey: Convert.ToBase64String(new byte[48]), expires: DateTime.UtcNow.AddMinutes(5));

        (await StatusWithToken(token)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var user = await App.CreateUserAsync();
        var other = await App.CreateUserAsync();
        var parts = user.Tokens.AccessToken.Split('.');
        var otherParts = other.Tokens.AccessToken.Split('.');
        // The other user's claims under this user's signature.
        var tampered = $"{parts[0]}.{otherParts[1]}.{parts[2]}";

        (await StatusWithToken(tampered)).Should().Be(HttpStatusCode.Unauthorized);
        (await StatusWithToken(user.Tokens.AccessToken)).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_hub_refuses_a_caller_without_credentials_and_accepts_an_access_token()
    {
        var user = await App.CreateUserAsync();

        var anonymous = () => App.CreateAnonymousClient().SubscribeMyJobsAsync(_ => Task.CompletedTask);
        (await anonymous.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        await using var subscription = await user.Client.SubscribeMyJobsAsync(_ => Task.CompletedTask);
        subscription.State.Should().Be(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected);
    }

    [Fact]
    public async Task Browsers_may_pass_the_hub_token_in_the_query_string()
    {
        var user = await App.CreateUserAsync();
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };

        using var withToken = await http.PostAsync($"hubs/jobs/negotiate?negotiateVersion=1&access_token={user.Tokens.AccessToken}", null);
        using var without = await http.PostAsync("hubs/jobs/negotiate?negotiateVersion=1", null);
        using var elsewhere = await http.GetAsync($"api/v1/jobs/stats?access_token={user.Tokens.AccessToken}");

        withToken.StatusCode.Should().Be(HttpStatusCode.OK);
        without.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        elsewhere.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "outside the hubs a token in the URL would end up in logs");
    }

    private async Task<HttpStatusCode> StatusWithToken(string token)
    {
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync("api/v1/users/me");
        return response.StatusCode;
    }

    // A token with every claim the host issues, signed as the test says: only the signature or the time is wrong.
    private static string Forge(TestUser user, string signingKey, DateTime expires)
    {
        var claims = new JsonWebTokenHandler().ReadJsonWebToken(user.Tokens.AccessToken).Claims
            .Where(c => c.Type is not ("exp" or "nbf" or "iat" or "iss" or "aud"))
            .GroupBy(c => c.Type)
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? (object)g.Single().Value : g.Select(c => c.Value).ToArray());
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "platform",
            Audience = "platform-api",
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
