using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Serilog.Core;
using Serilog.Events;
using static Platform.IntegrationTests.Operations.CapturedLogs;

namespace Platform.IntegrationTests.Operations;

/// <summary>One host for the class, logging what it does into <see cref="Logs"/>; each test looks for its own user's or job's lines.</summary>
public sealed class LoggedHostFixture : PlatformFixture
{
    public LoggedHostFixture() : this(new CapturedLogs())
    {
    }

    private LoggedHostFixture(CapturedLogs logs) : base("logging", new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
        services => services.AddSingleton<ILogEventSink>(logs)) => Logs = logs;

    public CapturedLogs Logs { get; }
}

public sealed class LoggingTests(LoggedHostFixture platform) : IClassFixture<LoggedHostFixture>
{
    private readonly CapturedLogs _logs = platform.Logs;

    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task A_request_about_a_job_is_logged_with_its_request_id_the_callers_user_id_and_the_job_id()
    {
        var user = await App.CreateUserAsync();
        var job = await user.Client.SubmitAsync(SmallGeneration());
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Tokens.AccessToken);

        (await http.GetAsync($"api/v1/jobs/{job.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var unknownJob = Guid.NewGuid();
        using var notFound = await http.GetAsync($"api/v1/jobs/{unknownJob}/events");
        var problemRequestId = (await notFound.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString();

        var read = await _logs.WaitForAsync(e => Property(e, "RequestPath") == $"/api/v1/jobs/{job.Id}");
        Property(read, "RequestId").Should().NotBeNullOrEmpty();
        Property(read, "UserId").Should().Be(user.Id.ToString());
        Property(read, "JobId").Should().Be(job.Id.ToString());
        Property(read, "StatusCode").Should().Be("200");
        var missed = await _logs.WaitForAsync(e => Property(e, "RequestPath") == $"/api/v1/jobs/{unknownJob}/events");
        Property(missed, "RequestId").Should().Be(problemRequestId, "a problem's requestId finds its request in the logs");
        Property(missed, "JobId").Should().Be(unknownJob.ToString());
        Property(missed, "UserId").Should().Be(user.Id.ToString());
    }

    [Fact]
    public async Task Only_job_routes_name_a_job_and_anonymous_requests_name_no_user()
    {
        var user = await App.CreateUserAsync();
        var batch = await user.Client.SubmitBatchAsync(new SubmitBatchRequest([SmallGeneration()]));
        await user.Client.GetBatchAsync(batch.Id);
        using var anonymous = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        var strangersJob = Guid.NewGuid();
        (await anonymous.GetAsync($"api/v1/jobs/{strangersJob}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var batchRead = await _logs.WaitForAsync(e => Property(e, "RequestPath") == $"/api/v1/jobs/batches/{batch.Id}");
        Property(batchRead, "JobId").Should().BeNull("a batch's id is not a job's");
        Property(batchRead, "UserId").Should().Be(user.Id.ToString());
        var refused = await _logs.WaitForAsync(e => Property(e, "RequestPath") == $"/api/v1/jobs/{strangersJob}");
        Property(refused, "StatusCode").Should().Be("401");
        Property(refused, "UserId").Should().BeNull();
    }

    [Fact]
    public async Task Without_a_mail_server_mail_is_written_to_the_log_with_a_link_that_works()
    {
        var user = await App.CreateUserAsync();
        var anonymous = App.CreateAnonymousClient();

        await anonymous.ForgotPasswordAsync(user.Email);

        await _logs.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("Mail is not configured (Mail:Host): no mail is sent"));
        var mail = await _logs.WaitForAsync(e => Property(e, "Recipient") == user.Email);
        mail.Level.Should().Be(LogEventLevel.Warning);
        var link = Regex.Match(Property(mail, "Body")!, @"(\S+)/#/reset-password\?token=(\S+)");
        link.Groups[1].Value.Should().Be(App.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority), "links name the address the request came to");
        await anonymous.ResetPasswordAsync(Uri.UnescapeDataString(link.Groups[2].Value), "a fresh and quite long passphrase");
    }

    [Fact]
    public async Task What_is_logged_while_a_job_runs_names_the_job()
    {
        var client = await App.CreatePlatformClientAsync();
        var job = await client.SubmitAsync(SmallGeneration());

        var ended = await _logs.WaitForAsync(e => e.MessageTemplate.Text.StartsWith("Job {JobId} ended") && Property(e, "JobId") == job.Id.ToString(),
            TimeSpan.FromSeconds(60));

        Property(ended, "JobType").Should().Be(JobTypes.Generation, "the run's scope adds what the message does not say");
        Property(ended, "Attempt").Should().Be("1");
    }

    internal static SubmitJobRequest SmallGeneration() => new(JobTypes.Generation,
        JsonSerializer.SerializeToElement(new { prompt = "a lighthouse", width = 32, height = 32, steps = 3 }));
}
