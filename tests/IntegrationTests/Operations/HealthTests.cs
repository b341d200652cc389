using System.Net;
using System.Net.Http.Json;
using Platform.Host.Health;
using Platform.Host.LocalServices;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Operations;

public sealed class HealthTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_working_host_is_live_and_ready_with_every_check_healthy()
    {
        using var http = new HttpClient { BaseAddress = platform.Application.ClientOptions.BaseAddress };

        (await http.GetAsync("health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var (status, report) = await ReadyAsync(http);

        status.Should().Be(HttpStatusCode.OK);
        report.Status.Should().Be("healthy");
        report.Checks.Select(c => (c.Name, c.Status)).Should().BeEquivalentTo([("postgres", "healthy"), ("redis", "healthy"), ("scheduler", "healthy")]);
    }

    [Fact]
    public async Task Ready_turns_503_naming_redis_while_redis_is_down_and_back_to_200_when_it_returns()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platform-health-redis", Path.GetRandomFileName());
        var redis = await LocalRedis.StartAsync(new LocalRedisOptions { DataDirectory = folder, Throwaway = true });
        LocalRedis? restarted = null;
        PlatformApplication? app = null;
        try
        {
            app = await PlatformApplication.StartAsync("health", new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
            using var http = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
            (await WaitForReadyAsync(http, HttpStatusCode.OK)).Status.Should().Be(HttpStatusCode.OK);

            await redis.DisposeAsync();
            var (status, report) = await WaitForReadyAsync(http, HttpStatusCode.ServiceUnavailable);

            status.Should().Be(HttpStatusCode.ServiceUnavailable);
            report.Status.Should().Be("unhealthy");
            var redisCheck = report.Checks.Single(c => c.Name == "redis");
            redisCheck.Status.Should().Be("unhealthy");
            redisCheck.Description.Should().NotBeNullOrEmpty("the report says what is wrong");
            report.Checks.Where(c => c.Name != "redis").Should().OnlyContain(c => c.Status == "healthy");

            // Back on the same port, where the host's connection looks for it.
            restarted = await LocalRedis.StartAsync(new LocalRedisOptions { DataDirectory = folder, Port = redis.Port, Throwaway = true });
            (await WaitForReadyAsync(http, HttpStatusCode.OK)).Status.Should().Be(HttpStatusCode.OK, "the host is ready again once Redis is back");
        }
        finally
        {
            if (app is not null)
                await app.DisposeAsync();
            await redis.DisposeAsync();
            if (restarted is not null)
                await restarted.DisposeAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, ReadinessReport Report)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync("health/ready");
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<ReadinessReport>())!);
    }

    private static Task<(HttpStatusCode Status, ReadinessReport Report)> WaitForReadyAsync(HttpClient http, HttpStatusCode expected) =>
        Eventually.ReadAsync(() => ReadyAsync(http), ready => ready.Status == expected, $"/health/ready answers {(int)expected}");
}
