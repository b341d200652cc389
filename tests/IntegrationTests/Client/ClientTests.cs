using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.Client;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.IntegrationTests.Admin;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;

namespace Platform.IntegrationTests.Client;

public sealed class ClientTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task WaitForCompletion_answers_with_the_finished_job()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(CancelJobTests.LongGeneration(steps: 3));

        var finished = await client.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(30));

        finished.Status.Should().Be(JobStatus.Succeeded);
        finished.Artifacts.Should().NotBeEmpty();
        (await client.WaitForCompletionAsync(job.Id)).Version.Should().Be(finished.Version, "an ended job answers at once");
    }

    [Fact]
    public async Task WaitForCompletion_gives_up_with_a_timeout_when_the_job_does_not_end_in_time()
    {
        var client = await platform.Application.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(CancelJobTests.LongGeneration(steps: 1) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) });

        var waiting = () => client.WaitForCompletionAsync(job.Id, TimeSpan.FromMilliseconds(500));

        await waiting.Should().ThrowAsync<TimeoutException>();
    }
}

/// <summary>A host behind something that lets plain HTTP through but not the hub, as some proxies do.</summary>
public sealed class HublessFixture() : PlatformFixture("hubless", testServices: services => services.AddSingleton<IStartupFilter, RefuseTheHub>())
{
    private sealed class RefuseTheHub : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) => context.Request.Path.StartsWithSegments(JobsHubPaths.Path)
                ? Results.StatusCode(StatusCodes.Status502BadGateway).ExecuteAsync(context)
                : nextMiddleware(context));
            next(app);
        };
    }
}

public sealed class HublessClientTests(HublessFixture fixture) : IClassFixture<HublessFixture>
{
    [Fact]
    public async Task WaitForCompletion_long_polls_when_the_hub_cannot_be_reached()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var live = () => client.CreateLiveConnection().StartAsync();
        await live.Should().ThrowAsync<Exception>("the hub is out of reach here");
        var job = await client.SubmitAsync(CancelJobTests.LongGeneration(steps: 3));

        var finished = await client.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(30));

        finished.Status.Should().Be(JobStatus.Succeeded);
    }
}

/// <summary>A host whose standard plan allows 60 requests a minute: a burst of 60, then one a second.</summary>
public sealed class ThrottledFixture() : PlatformFixture("throttled", new Dictionary<string, string?>
{
    ["RateLimits:Plans:standard:PermitsPerMinute"] = "60",
});

public sealed class ThrottledClientTests(ThrottledFixture fixture) : IClassFixture<ThrottledFixture>
{
    [Fact]
    public async Task Requests_refused_with_429_are_sent_again_after_Retry_After_until_they_pass()
    {
        var apiKey = await fixture.Application.CreateApiKeyAsync();
        var answers = new StatusRecorder();
        var client = new PlatformClient(
            new HttpClient(answers) { BaseAddress = fixture.Application.ClientOptions.BaseAddress }, PlatformCredentials.ApiKey(apiKey));

        for (var i = 0; i < 63; i++)
            await client.GetStatsAsync();

        answers.Seen.Should().Contain(HttpStatusCode.TooManyRequests, "the burst of 60 ran out");
        answers.Seen.Count(status => status == HttpStatusCode.OK).Should().Be(63);
    }

    [Fact]
    public async Task Without_retries_the_caller_sees_the_429()
    {
        var apiKey = await fixture.Application.CreateApiKeyAsync();
        var strict = new PlatformClient(fixture.Application.ClientOptions.BaseAddress, PlatformCredentials.ApiKey(apiKey)) { Retries = RetryPolicy.None };

        var burst = async () =>
        {
            for (var i = 0; i < 63; i++)
                await strict.GetStatsAsync();
        };

        (await burst.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.TooManyRequests);
    }

    private sealed class StatusRecorder() : DelegatingHandler(new HttpClientHandler())
    {
        public List<HttpStatusCode> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            lock (Seen)
                Seen.Add(response.StatusCode);
            return response;
        }
    }
}

public sealed class AdminClientTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task An_admin_manages_users_and_reads_the_platform_through_the_SDK()
    {
        var admin = fixture.Admin.Client;
        var user = await fixture.Application.CreateUserAsync();
        var job = await user.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 1));

        (await admin.AdminListUsersAsync(search: user.Email)).Items.Should().ContainSingle().Which.Id.Should().Be(user.Id);
        (await admin.AdminListJobsAsync(ownerId: user.Id.ToString())).Items.Should().ContainSingle().Which.Id.Should().Be(job.Id);
        (await admin.AdminGetStatsAsync()).Users.Should().BeGreaterThanOrEqualTo(2);

        (await admin.AdminDisableUserAsync(user.Id)).Disabled.Should().BeTrue();
        var refused = () => user.Client.GetStatsAsync();
        (await refused.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Unauthorized);
        (await admin.AdminEnableUserAsync(user.Id)).Disabled.Should().BeFalse();
        (await admin.AdminChangeRoleAsync(user.Id, "admin")).Role.Should().Be("admin");
        (await admin.AdminChangeRoleAsync(user.Id, "user")).Role.Should().Be("user");

        var audit = await admin.AdminReadAuditAsync(userId: user.Id);
        audit.Items.Select(entry => entry.Action).Should().Contain(["user.disabled", "user.enabled"]);
        var sent = await admin.BroadcastAsync(new BroadcastRequest("Maintenance", "Tonight at 22:00."));
        sent.Recipients.Should().BeGreaterThan(0);

        var notAdmin = await fixture.Application.CreatePlatformClientAsync();
        var forbidden = () => notAdmin.AdminGetStatsAsync();
        (await forbidden.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.Forbidden);
    }
}
