using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

public sealed class RequestLimitTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private HttpClient _http = null!;

    public async Task InitializeAsync() => _http = platform.Application.HttpWithKey(await platform.Application.CreateApiKeyAsync());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Oversize_body_is_refused_with_413_and_a_problem()
    {
        var prompt = new string('x', 1024 * 1024);
        var body = $$$"""{"type":"generation","input":{"prompt":"{{{prompt}}}"}}""";

        var response = await _http.PostAsync("api/v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("payload_too_large");
        problem.GetProperty("requestId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Oversize_body_sent_in_chunks_is_refused_with_413_too()
    {
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', 1024 * 1024 + 1) + "{}")));
        body.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/jobs") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("payload_too_large");
    }

    [Fact]
    public async Task Too_deep_json_is_refused_as_invalid_json()
    {
        var nested = new string('[', 40) + new string(']', 40);
        var body = $$$"""{"type":"generation","input":{"prompt":"x","steps":{{{nested}}}}}""";

        var response = await _http.PostAsync("api/v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("validation_failed");
        var error = problem.GetProperty("errors").EnumerateObject().Should().ContainSingle().Subject;
        error.Name.Should().Match(name => name == "body" || name.StartsWith("input", StringComparison.Ordinal));
        error.Value[0].GetString().Should().Contain("not valid JSON");
    }
}
