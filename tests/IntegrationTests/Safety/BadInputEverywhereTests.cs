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
/// Walks every operation the API documents and sends, in each query parameter, route value and string field of its
/// body, what PostgreSQL and JSON cannot take: every answer is a 4xx problem with a code, never a 5xx.
/// </summary>
public sealed class BadInputEverywhereTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const string Nul = "\0";

    [Fact]
    public async Task A_nul_character_anywhere_is_a_problem_never_a_server_error()
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
                // Kestrel refuses a NUL in the path itself, before the application sees the request: a 400 without a body.
                var refusedByServer = what.StartsWith("route", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.BadRequest && body.Length == 0;
                if ((int)response.StatusCode >= 500 || (!refusedByServer && (int)response.StatusCode >= 400 && !body.Contains("\"code\"")))
                    failures.Add($"{operation.HttpMethod} {operation.RelativePath} with NUL in {what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
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
            yield return ($"query {query.Name}", Request($"{Path(null)}?{query.Name}=%00", null));
        foreach (var route in parameters.Where(p => p.Source == BindingSource.Path && p.Type == typeof(string)))
            yield return ($"route {route.Name}", Request(Path(route.Name), null));
        if (body is null)
            yield break;
        foreach (var field in body.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (field.PropertyType == typeof(string) || field.PropertyType == typeof(JsonElement) || field.PropertyType == typeof(JsonElement?))
            {
                var json = new JsonObject { [JsonNamingPolicy.CamelCase.ConvertName(field.Name)] = field.PropertyType == typeof(string) ? Nul : new JsonObject { ["text"] = Nul } };
                if (body.GetProperty("Type") is not null)
                    json["type"] ??= "generation";
                yield return ($"body {field.Name}", Request(Path(null), json.ToJsonString()));
            }
    }
}
