using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

public sealed class RateLimitTests : IAsyncLifetime
{
    private PlatformApplication? _application;
    private HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _application = await PlatformApplication.StartAsync("limits", new Dictionary<string, string?>
        {
            ["RateLimits:Plans:standard:PermitsPerMinute"] = "3",
        });
        _http = _application.HttpWithKey(await _application.CreateApiKeyAsync());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_application is not null)
            await _application.DisposeAsync();
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
    public async Task Endpoints_outside_the_api_are_not_limited()
    {
        for (var i = 0; i < 6; i++)
            (await _http.GetAsync("health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
