using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

/// <summary>One host for the class: each test calls as a new user, and budgets are per user (links': per address, which one test spends).</summary>
public sealed class LowLimitsFixture() : PlatformFixture("limits", new Dictionary<string, string?>
{
    ["RateLimits:Plans:standard:PermitsPerMinute"] = "3",
    ["RateLimits:Links:PermitLimit"] = "3",
});

public sealed class RateLimitTests(LowLimitsFixture platform) : IClassFixture<LowLimitsFixture>, IAsyncLifetime
{
    private readonly PlatformApplication _application = platform.Application;
    private TestUser _user = null!;
    private HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _user = await _application.CreateUserAsync();
        _http = WithToken(_user.Tokens.AccessToken);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_caller_over_its_plan_gets_429_with_retry_after_and_a_problem()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage response;
        do
        {
            response = await _http.GetAsync("api/v1/jobs/stats");
            statuses.Add(response.StatusCode);
        }
        while (response.IsSuccessStatusCode && statuses.Count < 10);

        statuses.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(1, 20);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(429);
        problem.GetProperty("code").GetString().Should().Be("rate_limited");
        problem.GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_users_keys_and_session_share_one_budget_and_another_user_has_their_own()
    {
        var first = await _user.WithApiKeyAsync(Scopes.JobsRead);
        var second = await _user.WithApiKeyAsync(Scopes.JobsRead);
        using var firstKey = _application.HttpWithKey(first.Key.Secret);
        using var secondKey = _application.HttpWithKey(second.Key.Secret);
        using var stranger = _application.HttpWithKey(await _application.CreateApiKeyAsync());

        var statuses = new[]
        {
            (await firstKey.GetAsync("api/v1/jobs/stats")).StatusCode,
            (await secondKey.GetAsync("api/v1/jobs/stats")).StatusCode,
            (await _http.GetAsync("api/v1/jobs/stats")).StatusCode,
        };

        statuses.Should().Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            "creating the two keys took two of the user's three permits");
        (await stranger.GetAsync("api/v1/jobs/stats")).StatusCode.Should().Be(HttpStatusCode.OK, "another user calling from the same address has a budget of their own");
    }

    [Fact]
    public async Task Download_links_are_limited_per_client_address_since_their_callers_have_no_credentials()
    {
        using var anyone = new HttpClient { BaseAddress = _application.ClientOptions.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await anyone.GetAsync("api/v1/links/not-a-link")).StatusCode);

        statuses.Should().Equal(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Endpoints_outside_the_api_are_not_limited()
    {
        for (var i = 0; i < 6; i++)
            (await _http.GetAsync("health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private HttpClient WithToken(string token) =>
        new() { BaseAddress = _application.ClientOptions.BaseAddress, DefaultRequestHeaders = { Authorization = new("Bearer", token) } };
}
