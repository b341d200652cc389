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

    [Fact]
    public async Task Made_up_keys_and_tokens_from_one_address_are_refused_after_the_limit_and_then_so_is_every_credential_from_it()
    {
        await using var host = await PlatformApplication.StartAsync("auth-failures", new Dictionary<string, string?>
        {
            ["RateLimits:AuthFailures:PermitLimit"] = "20",
            ["RateLimits:AuthFailures:WindowSeconds"] = "60",
        });
        using var valid = host.HttpWithKey(await host.CreateApiKeyAsync());
        using var guesser = new HttpClient { BaseAddress = host.ClientOptions.BaseAddress };
        var guesses = 0;

        var failed = await GuessAsync(19);
        var successes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => valid.GetAsync("api/v1/jobs/stats")));
        failed.AddRange(await GuessAsync(6));

        failed.Should().Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 20), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 5)],
            "twenty failures are allowed, and the successes between them neither count nor start the count again");
        successes.Should().OnlyContain(response => response.StatusCode == HttpStatusCode.OK);
        var refused = await valid.GetAsync("api/v1/jobs/stats");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the address is refused before its key is looked up, so a good key waits out the window too");
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("too_many_failed_authentications");

        // Every other guess is a made-up API key, the rest a bearer token that is not one.
        async Task<List<HttpStatusCode>> GuessAsync(int count)
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < count; i++, guesses++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/jobs/stats");
                if (guesses % 2 == 0)
                    request.Headers.Add(ApiKeyHeader.Name, $"pk_made-up-{Guid.NewGuid():N}");
                else
                    request.Headers.Authorization = new("Bearer", $"not.a-{Guid.NewGuid():N}.token");
                statuses.Add((await guesser.SendAsync(request)).StatusCode);
            }
            return statuses;
        }
    }
}
