using System.Net;
using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Browser;

// The page refreshes its access token a minute before it expires: with this lifetime, every few seconds of the scenario.
public sealed class QuickRefreshFixture() : PlatformFixture("dashboard", new Dictionary<string, string?> { ["Accounts:AccessTokenLifetime"] = "00:01:06" });

/// <summary>One host for the class: the browser scenario is the only one that registers anyone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(QuickRefreshFixture platform, ITestOutputHelper output) : IClassFixture<QuickRefreshFixture>
{
    private PlatformApplication Application => platform.Application;

    [Fact]
    public async Task The_dashboard_is_served_at_the_root_to_anyone_under_the_strict_policy()
    {
        using var http = new HttpClient { BaseAddress = Application.ClientOptions.BaseAddress };

        var page = await http.GetAsync("/");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var policy = page.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Subject;
        policy.Should().Contain("script-src 'self';").And.Contain("style-src 'self';").And.NotContain("unsafe");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("<script type=\"module\" src=\"app.js\"></script>").And.NotMatchRegex("<script(?![^>]*\\ssrc=)")
            .And.NotContain("style=");
        (await http.GetAsync("app.js")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("app.css")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_still_answers_a_caller_without_credentials_with_a_401_problem()
    {
        using var http = new HttpClient { BaseAddress = Application.ClientOptions.BaseAddress };

        var response = await http.GetAsync("api/v1/jobs");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_person_signs_in_submits_watches_reconnects_and_cancels_in_a_real_browser_while_their_token_is_refreshed()
    {
        var screenshots = Path.Combine(BrowserScript.RepositoryRoot, "artifacts", "browser");

        var result = await BrowserScript.RunAsync("dashboard.mjs", TimeSpan.FromMinutes(5),
            Application.ClientOptions.BaseAddress.ToString(), screenshots);

        output.WriteLine(result.Output);
        result.ExitCode.Should().Be(0, result.Output);
    }
}
