using System.Net;
using System.Text.RegularExpressions;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

/// <summary>A host whose dashboard is served from another origin.</summary>
public sealed class CrossOriginFixture() : PlatformFixture("browser", new Dictionary<string, string?> { ["Cors:Origins:0"] = BrowserSecurityTests.Dashboard });

public sealed class BrowserSecurityTests(CrossOriginFixture fixture) : IClassFixture<CrossOriginFixture>, IAsyncLifetime
{
    internal const string Dashboard = "https://dashboard.example.com";
    private HttpClient _http = null!;

    public async Task InitializeAsync() => _http = await fixture.KeyedHttpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("api/v1/jobs/stats")]
    [InlineData("api/v1/jobs/6f1c2a8e-0000-4000-8000-000000000000")]
    public async Task Api_responses_carry_the_security_headers(string path)
    {
        var response = await _http.GetAsync(path);

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
        var policy = response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Subject;
        policy.Should().Contain("default-src 'self'").And.Contain("script-src 'self';").And.Contain("frame-ancestors 'none'")
            .And.NotContain("unsafe");
    }

    [Fact]
    public async Task Swagger_ui_has_a_content_security_policy_and_still_loads_its_assets()
    {
        var page = await _http.GetAsync("swagger/index.html");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var policy = page.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Subject;
        policy.Should().Contain("script-src 'self';").And.Contain("frame-ancestors 'none'").And.NotContain("unsafe-eval");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().NotMatchRegex("<script(?![^>]*\\ssrc=)", "an inline script would need 'unsafe-inline'");
        var assets = Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        assets.Should().Contain(a => a.EndsWith(".js", StringComparison.Ordinal)).And.Contain(a => a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets.Append("v1/swagger.json"))
        {
            var response = await _http.GetAsync(new Uri(new Uri(_http.BaseAddress!, "swagger/index.html"), asset));
            response.StatusCode.Should().Be(HttpStatusCode.OK, asset);
        }
    }

    [Fact]
    public async Task A_preflight_from_a_configured_origin_is_allowed_with_credentials()
    {
        var response = await _http.SendAsync(Preflight(Dashboard));

        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Dashboard);
        response.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
        response.Headers.GetValues("Access-Control-Allow-Methods").Should().ContainSingle().Which.Should().Contain("POST");
    }

    [Fact]
    public async Task A_preflight_from_any_other_origin_is_not_allowed()
    {
        var response = await _http.SendAsync(Preflight("https://elsewhere.example.com"));

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task A_cross_origin_call_from_a_configured_origin_may_read_retry_after()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/jobs/stats");
        request.Headers.Add("Origin", Dashboard);

        var response = await _http.SendAsync(request);

        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(Dashboard);
        response.Headers.GetValues("Access-Control-Expose-Headers").Should().ContainSingle().Which.Should().Contain("Retry-After");
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "api/v1/jobs");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        return request;
    }
}
