using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Client;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Jobs;

public sealed class BadInputTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private HttpClient _http = null!;
    private PlatformClient _client = null!;

    public async Task InitializeAsync()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        (_http, _client) = (platform.Application.HttpWithKey(apiKey), platform.Application.ClientWithKey(apiKey));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("""{"type":"painting","input":{"prompt":"x"}}""", "type")]
    [InlineData("""{"input":{"prompt":"x"}}""", "type")]
    [InlineData("""{"type":"generation","input":{"prompt":"x","steps":-3}}""", "input.steps")]
    [InlineData("""{"type":"generation","input":{"prompt":"x","steps":"ten"}}""", "input.steps")]
    [InlineData("""{"type":"generation","input":{"width":64}}""", "input.prompt")]
    [InlineData("""{"type":"generation"}""", "input")]
    [InlineData("""{"type":"generation","input":{"prompt":"x","colour":"red"}}""", "input.colour")]
    [InlineData("""{"type":"training","input":{"epochs":0}}""", "input.epochs")]
    [InlineData("""{"type":"generation","input":{"prompt":"x"},"priority":99}""", "priority")]
    [InlineData("""{"type":"generation","input":{"prompt":"x"},"priority":"high"}""", "priority")]
    [InlineData("""{"type":"generation","input":{"prompt":"x"}""", "body")]
    [InlineData("""not json at all""", "body")]
    [InlineData("""{"type":"generation","input":{"prompt":"a\u0000b"}}""", "input.prompt")]
    [InlineData("""{"type":"generation","input":{"prompt":"x"},"webhook":{"url":"https://a\u0000.example"}}""", "webhook.url")]
    public async Task A_bad_submit_is_a_problem_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await _client.GetStatsAsync();

        var response = await _http.PostAsync("api/v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
        (await _client.GetStatsAsync()).Total.Should().Be(before.Total);
    }

    [Theory]
    [InlineData("api/v1/jobs/6f1c2a8e-0000-4000-8000-000000000000")]
    [InlineData("api/v1/jobs/6f1c2a8e-0000-4000-8000-000000000000/events")]
    [InlineData("api/v1/jobs/6f1c2a8e-0000-4000-8000-000000000000/artifacts/image.png")]
    [InlineData("api/v1/jobs/6f1c2a8e-0000-4000-8000-000000000000/metrics")]
    [InlineData("api/v1/jobs/not-a-job-id")]
    public async Task Reading_an_unknown_job_is_a_not_found_problem(string path)
    {
        var response = await _http.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Cancelling_an_unknown_job_is_a_not_found_problem()
    {
        var response = await _http.PostAsync("api/v1/jobs/6f1c2a8e-0000-4000-8000-000000000000/cancel", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("api/v1/jobs?status=sleeping", "status")]
    [InlineData("api/v1/jobs?pageSize=1000", "pageSize")]
    [InlineData("api/v1/jobs?page=0", "page")]
    [InlineData("api/v1/jobs?type=%00", "type")]
    public async Task A_bad_list_query_is_a_problem_naming_the_parameter(string path, string field)
    {
        var response = await _http.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
    }
}
