using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Accounts;

public sealed class BruteForceTests
{
    [Fact]
    public async Task Guessing_passwords_from_one_address_hits_429_with_retry_after()
    {
        await using var host = await PlatformApplication.StartAsync("brute-force", new Dictionary<string, string?>
        {
            ["RateLimits:Auth:PermitLimit"] = "5",
            ["RateLimits:Auth:WindowSeconds"] = "60",
        });
        using var http = new HttpClient { BaseAddress = host.ClientOptions.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage response;
        do
        {
            response = await http.PostAsJsonAsync("api/v1/auth/login", new LoginRequest("victim@test.example", $"guess {statuses.Count}"));
            statuses.Add(response.StatusCode);
        }
        while (response.StatusCode != HttpStatusCode.TooManyRequests && statuses.Count < 20);

        statuses.Should().Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests]);
        response.Headers.RetryAfter.Should().NotBeNull();
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("rate_limited");
        (await http.PostAsJsonAsync("api/v1/auth/register", new RegisterRequest("late@test.example", TestUser.DefaultPassword)))
            .StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the limit covers every auth endpoint of the address");
    }
}
