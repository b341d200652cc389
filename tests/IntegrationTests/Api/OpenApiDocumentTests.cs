using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Platform.Contracts.Accounts;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Api;

public sealed class OpenApiDocumentTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task The_document_declares_a_bearer_token_and_an_api_key()
    {
        var schemes = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes");

        var bearer = schemes.GetProperty("Bearer");
        bearer.GetProperty("type").GetString().Should().Be("http");
        bearer.GetProperty("scheme").GetString().Should().Be("bearer");
        bearer.GetProperty("bearerFormat").GetString().Should().Be("JWT");
        var apiKey = schemes.GetProperty("ApiKey");
        apiKey.GetProperty("type").GetString().Should().Be("apiKey");
        apiKey.GetProperty("in").GetString().Should().Be("header");
        apiKey.GetProperty("name").GetString().Should().Be(ApiKeyHeader.Name);
    }

    [Fact]
    public async Task The_document_lists_every_mapped_endpoint()
    {
        var document = await DocumentAsync();

        var endpoints = MappedEndpoints();

        endpoints.Should().Contain(e => e.Path == "/api/v1/jobs/{id}" && e.Method == "GET", "the enumeration must see the jobs API");
        endpoints.Where(e => Operation(document, e) is null).Select(e => $"{e.Method} {e.Path}").Should().BeEmpty();
    }

    [Fact]
    public async Task Operations_that_need_a_caller_name_how_to_authenticate_and_anonymous_ones_name_nothing()
    {
        var document = await DocumentAsync();

        foreach (var endpoint in MappedEndpoints())
        {
            var operation = Operation(document, endpoint)!.Value;
            var schemes = SchemesOf(operation);
            var because = $"{endpoint.Method} {endpoint.Path}";
            if (endpoint.Anonymous)
                schemes.Should().BeEmpty(because);
            else
                schemes.Should().NotBeEmpty(because).And.AllSatisfy(alternative => alternative.Should().ContainSingle(because)).And
                    .Contain(alternative => alternative.Single() == "Bearer", because);
        }
        MappedEndpoints().Where(e => e.Path.StartsWith("/api/v1/auth/", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(e => e.Anonymous);
    }

    [Fact]
    public async Task Job_operations_take_a_bearer_token_or_an_api_key_and_name_their_scope()
    {
        var document = await DocumentAsync();

        var jobs = MappedEndpoints().Where(e => e.Path.StartsWith("/api/v1/jobs", StringComparison.Ordinal)).ToList();

        jobs.Should().NotBeEmpty();
        foreach (var endpoint in jobs)
        {
            var operation = Operation(document, endpoint)!.Value;
            // Making a download link changes no job: whoever may download an artifact may share it.
            var scope = endpoint.Method == "GET" || endpoint.Path.EndsWith("/link", StringComparison.Ordinal) ? Scopes.JobsRead : Scopes.JobsWrite;
            var because = $"{endpoint.Method} {endpoint.Path}";
            SchemesOf(operation).Select(alternative => alternative.Single()).Should().BeEquivalentTo(["Bearer", "ApiKey"], because);
            operation.GetProperty("x-required-scopes").EnumerateArray().Select(s => s.GetString()).Should().Equal([scope], because);
            operation.GetProperty("description").GetString().Should().Contain($"Requires scope {scope}", because);
        }
    }

    [Fact]
    public async Task Account_operations_take_a_bearer_token_only_because_api_keys_are_refused_there()
    {
        var document = await DocumentAsync();

        var account = MappedEndpoints().Where(e => e.Path.StartsWith("/api/v1/users/me", StringComparison.Ordinal)).ToList();

        account.Should().NotBeEmpty();
        foreach (var endpoint in account)
            SchemesOf(Operation(document, endpoint)!.Value).Select(alternative => alternative.Single()).Should()
                .Equal(["Bearer"], $"{endpoint.Method} {endpoint.Path}");
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_every_request_body_an_example()
    {
        var document = await DocumentAsync();

        foreach (var endpoint in MappedEndpoints())
        {
            var operation = Operation(document, endpoint)!.Value;
            var because = $"{endpoint.Method} {endpoint.Path}";
            operation.TryGetProperty("summary", out var summary).Should().BeTrue(because);
            summary.GetString().Should().NotBeNullOrWhiteSpace(because);
            if (operation.TryGetProperty("requestBody", out var body))
                foreach (var media in body.GetProperty("content").EnumerateObject())
                    if (media.Name == "application/json")
                        media.Value.TryGetProperty("example", out _).Should().BeTrue(because);
                    else
                        media.Value.GetProperty("schema").ToString().Should().Contain("binary", $"{because} takes bytes as {media.Name}");
        }
        MappedEndpoints().Count(e => Operation(document, e)!.Value.TryGetProperty("requestBody", out _)).Should().BeGreaterThan(10, "bodies must be documented");
    }

    [Fact]
    public async Task Every_operation_documents_the_problems_it_can_answer_with()
    {
        var document = await DocumentAsync();

        foreach (var endpoint in MappedEndpoints())
        {
            var operation = Operation(document, endpoint)!.Value;
            var responses = operation.GetProperty("responses");
            var because = $"{endpoint.Method} {endpoint.Path}";
            var expected = new List<string> { "500" };
            if (!endpoint.Anonymous)
                expected.Add("401");
            if (endpoint.Path.Contains('{'))
                expected.Add("404");
            if (operation.TryGetProperty("requestBody", out _))
                expected.AddRange(["400", "413"]);
            foreach (var status in expected)
            {
                responses.TryGetProperty(status, out var response).Should().BeTrue($"{because} answers {status}");
                response.GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue($"{because} {status} is a problem");
            }
        }
    }

    [Fact]
    public async Task Each_job_types_input_schema_is_in_the_document_and_the_submit_operation_points_to_them()
    {
        var document = await DocumentAsync();

        var generation = document.GetProperty("components").GetProperty("schemas").GetProperty("JobInput.generation");
        generation.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Equal("prompt");
        var steps = generation.GetProperty("properties").GetProperty("steps");
        (steps.GetProperty("maximum").GetInt32(), steps.GetProperty("default").GetInt32()).Should().Be((200, 20));
        document.GetProperty("components").GetProperty("schemas").TryGetProperty("JobInput.training", out _).Should().BeTrue();
        var submit = document.GetProperty("paths").GetProperty("/api/v1/jobs").GetProperty("post");
        submit.GetProperty("description").GetString().Should().Contain("#/components/schemas/JobInput.generation");
    }

    [Fact]
    public async Task A_jobs_events_are_documented_as_pages_with_a_limit_and_the_next_page()
    {
        var document = await DocumentAsync();

        var events = document.GetProperty("paths").GetProperty("/api/v1/jobs/{id}/events").GetProperty("get");
        events.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Contain(["afterVersion", "limit"]);
        var page = events.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        page.GetProperty("$ref").GetString().Should().EndWith("/JobEventPage");
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty("JobEventPage").GetProperty("properties");
        properties.TryGetProperty("nextAfter", out _).Should().BeTrue();
        events.GetProperty("description").GetString().Should().Contain("too_many_streams");
    }

    [Fact]
    public async Task Uploads_document_their_bodies_as_bytes_or_a_form_with_a_file()
    {
        var document = await DocumentAsync();

        var upload = document.GetProperty("paths").GetProperty("/api/v1/files").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        var part = document.GetProperty("paths").GetProperty("/api/v1/uploads/{id}").GetProperty("patch").GetProperty("requestBody").GetProperty("content");

        upload.EnumerateObject().Select(m => m.Name).Should().BeEquivalentTo("application/octet-stream", "multipart/form-data");
        upload.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("file")
            .GetProperty("format").GetString().Should().Be("binary");
        part.EnumerateObject().Select(m => m.Name).Should().Equal("application/offset+octet-stream");
    }

    [Fact]
    public async Task A_download_link_is_opened_without_credentials_and_documents_why_it_may_be_refused()
    {
        var document = await DocumentAsync();

        var open = document.GetProperty("paths").GetProperty("/api/v1/links/{token}").GetProperty("get");

        open.TryGetProperty("security", out _).Should().BeFalse();
        open.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["403", "410", "429"]);
        open.GetProperty("description").GetString().Should().Contain("link_invalid").And.Contain("link_expired").And.Contain("link_used").And.Contain("link_revoked");
        var create = document.GetProperty("paths").GetProperty("/api/v1/jobs/{id}/artifacts/{name}/link").GetProperty("post");
        create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("schema")
            .GetProperty("$ref").GetString().Should().EndWith("/DownloadLink");
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        var json = await http.GetStringAsync("swagger/v1/swagger.json");
        return JsonDocument.Parse(json).RootElement;
    }

    private sealed record MappedEndpoint(string Method, string Path, bool Anonymous);

    // Every HTTP endpoint the host routes, as the document spells its path ("/api/v1/jobs/{id}": no constraints, no trailing slash).
    private List<MappedEndpoint> MappedEndpoints() =>
        App.Service<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(endpoint => (endpoint, methods: endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .SelectMany(e => e.methods.Select(method => new MappedEndpoint(method, PathOf(e.endpoint.RoutePattern),
                e.endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .Where(e => !IsUnder(e.Path, "/hubs") && !IsUnder(e.Path, "/health"))
            .Distinct()
            .ToList();

    private static bool IsUnder(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);

    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new NotSupportedException(part.GetType().Name),
        }))));

    private static JsonElement? Operation(JsonElement document, MappedEndpoint endpoint) =>
        document.GetProperty("paths").TryGetProperty(endpoint.Path, out var path)
        && path.TryGetProperty(endpoint.Method.ToLowerInvariant(), out var operation)
            ? operation
            : null;

    // Each alternative of the operation's security, as the names of the schemes it needs together.
    private static List<List<string>> SchemesOf(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
            ? security.EnumerateArray().Select(alternative => alternative.EnumerateObject().Select(scheme => scheme.Name).ToList()).ToList()
            : [];
}
