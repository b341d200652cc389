using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

/// <summary>
/// Walks every operation the API documents and sends, in each query parameter, route value and field of its body,
/// what it cannot take: a NUL character, invalid UTF-8, 100 KB, numbers out of range, the wrong type. Every answer is
/// a 4xx problem with a code, never a 5xx.
/// </summary>
public sealed class BadInputEverywhereTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const string Nul = "\0";

    [Fact]
    public async Task Bad_input_anywhere_is_a_problem_never_a_server_error()
    {
        var admin = await platform.Application.CreateUserAsync();
        using var http = new HttpClient { BaseAddress = platform.Application.ClientOptions.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin.Tokens.AccessToken);
        var failures = new List<string>();

        foreach (var operation in Operations())
            foreach (var (what, request) in BadRequests(operation))
            {
                using var sent = request;
                using var response = await http.SendAsync(sent);
                var body = await response.Content.ReadAsStringAsync();
                // Kestrel refuses a NUL in the path and an overlong request line itself, before the application sees the request.
                var refusedByServer = body.Length == 0 && response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong;
                if ((int)response.StatusCode >= 500 || (!refusedByServer && (int)response.StatusCode >= 400 && !body.Contains("\"code\"")))
                    failures.Add($"{operation.HttpMethod} {operation.RelativePath} with {what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }

        failures.Should().BeEmpty();
    }

    private IEnumerable<ApiDescription> Operations() =>
        platform.Application.Service<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(group => group.Items)
            .Where(d => d.RelativePath is not null && !d.RelativePath.StartsWith("api/v1/auth/", StringComparison.Ordinal));

    private static IEnumerable<(string What, HttpRequestMessage Request)> BadRequests(ApiDescription operation)
    {
        var parameters = operation.ParameterDescriptions;
        var body = parameters.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        string Path(string? nulIn) => "/" + System.Text.RegularExpressions.Regex.Replace(operation.RelativePath!, @"\{(\w+)(:[^}]*)?\}",
            m => m.Groups[1].Value == nulIn ? "%00" : m.Groups[2].Value.Contains("guid") ? Guid.NewGuid().ToString() : "x");
        HttpRequestMessage Request(string path, string? json) => new(new HttpMethod(operation.HttpMethod!), path.TrimStart('/'))
        {
            Content = json is null && body is null ? null : new StringContent(json ?? "{}", Encoding.UTF8, "application/json"),
        };

        foreach (var query in parameters.Where(p => p.Source == BindingSource.Query))
            foreach (var (what, value) in QueryValues)
                yield return ($"{what} in query {query.Name}", Request($"{Path(null)}?{query.Name}={value}", null));
        foreach (var route in parameters.Where(p => p.Source == BindingSource.Path && p.Type == typeof(string)))
            yield return ($"NUL in route {route.Name}", Request(Path(route.Name), null));
        if (body is null)
            yield break;
        foreach (var field in body.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            foreach (var (what, value) in BodyValues(field.PropertyType))
            {
                var json = new JsonObject { [JsonNamingPolicy.CamelCase.ConvertName(field.Name)] = value };
                if (body.GetProperty("Type") is not null && field.Name != "Type")
                    json["type"] = "generation";
                yield return ($"{what} in body {field.Name}", Request(Path(null), json.ToJsonString()));
            }
    }

    private static readonly (string What, string Value)[] QueryValues =
    [
        ("NUL", "%00"),
        ("invalid UTF-8", "%C3%28"),
        ("a number out of range", "99999999999999999999"),
        ("a negative number", "-1"),
        ("4 KB", new string('a', 4096)),
    ];

    // What a field of each kind cannot take: text where it wants a number and a number where it wants text, among others.
    private static IEnumerable<(string What, JsonNode? Value)> BodyValues(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        yield return ("the wrong type", plain == typeof(string) ? JsonValue.Create(12) : JsonValue.Create("twelve"));
        if (plain == typeof(string))
        {
            yield return ("NUL", Nul);
            yield return ("100 KB", new string('a', 100_000));
        }
        if (plain == typeof(int) || plain == typeof(long) || plain == typeof(double))
            yield return ("a number out of range", JsonNode.Parse("1e300"));
        if (plain == typeof(JsonElement))
            yield return ("NUL inside", new JsonObject { ["text"] = Nul });
    }
}
