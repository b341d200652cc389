using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

/// <summary>A host with a route that throws, so that a failure's problem can be seen.</summary>
public sealed class FailingRouteFixture() : PlatformFixture("problems", testServices: services =>
    services.AddSingleton<IStartupFilter, ProblemResponseTests.FailingRoute>());

public sealed class ProblemResponseTests(FailingRouteFixture fixture) : IClassFixture<FailingRouteFixture>, IAsyncLifetime
{
    private const string Secret = "connection string with password=hunter2";
    private HttpClient _http = null!;

    public async Task InitializeAsync() => _http = await fixture.KeyedHttpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_unknown_job_is_a_not_found_problem_with_a_code_and_the_request_id()
    {
        var response = await _http.GetAsync("api/v1/jobs/6f1c2a8e-0000-4000-8000-000000000000");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await ProblemOf(response);
        problem.GetProperty("code").GetString().Should().Be("not_found");
        problem.GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("api/v1/jobs?pageSize=1000", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("api/v1/jobs?page=not-a-number", HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData("api/v1/nothing-here", HttpStatusCode.NotFound, "not_found")]
    public async Task A_problem_gets_its_code_from_its_status(string path, HttpStatusCode status, string code)
    {
        var response = await _http.GetAsync(path);

        response.StatusCode.Should().Be(status);
        (await ProblemOf(response)).GetProperty("code").GetString().Should().Be(code);
    }

    [Fact]
    public async Task A_wrong_method_is_a_method_not_allowed_problem()
    {
        var response = await _http.DeleteAsync("api/v1/jobs/stats");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await ProblemOf(response)).GetProperty("code").GetString().Should().Be("method_not_allowed");
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")]
    public async Task A_failure_is_an_internal_error_problem_that_tells_nothing_of_the_exception(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, FailingRoute.Path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain(Secret).And.NotContain(nameof(InvalidOperationException)).And.NotContain("   at ");
        var problem = await ProblemOf(response);
        problem.GetProperty("code").GetString().Should().Be("internal_error");
        problem.GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task No_problem_carries_a_stack_trace()
    {
        var responses = new[]
        {
            await _http.GetAsync(FailingRoute.Path),
            await _http.GetAsync("api/v1/jobs/not-a-job-id"),
            await _http.GetAsync("api/v1/jobs?page=x"),
            await _http.PostAsync("api/v1/jobs", new StringContent("{", Encoding.UTF8, "application/json")),
            await _http.PostAsync("api/v1/jobs", new StringContent("{}", Encoding.UTF8, "text/plain")),
            await _http.PutAsync("api/v1/jobs", null),
        };

        foreach (var response in responses)
        {
            response.IsSuccessStatusCode.Should().BeFalse();
            (await response.Content.ReadAsStringAsync()).Should().NotContain("   at ").And.NotContain("Exception");
            (await ProblemOf(response)).TryGetProperty("code", out _).Should().BeTrue();
        }
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A route that throws, behind everything the host maps, so the exception passes the host's own error handling.</summary>
    internal sealed class FailingRoute : IStartupFilter
    {
        public const string Path = "/test/fail";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(Path, failing => failing.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }
}
