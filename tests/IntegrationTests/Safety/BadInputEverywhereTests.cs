using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Platform.Contracts.Accounts;
using Platform.Contracts.Files;
using Platform.Contracts.Organizations;
using Platform.Contracts.Workers;

namespace Platform.IntegrationTests.Safety;

/// <summary>
/// Walks every operation the API documents and sends, in each query parameter, route value, header the platform reads
/// and field of its body (nested ones too), what it cannot take: NUL, unpaired and reversed surrogates, every control
/// character, invalid UTF-8, empty and overlong text, numbers out of range, the wrong type. Every answer is a 4xx problem
/// with a code, never a 5xx; text that cannot be stored is a 400 naming the field. The hub, resumable uploads and the
/// workers' calls have walks of their own beside this one, on the same host.
/// </summary>
public sealed partial class BadInputEverywhereTests(BadInputFixture platform) : IClassFixture<BadInputFixture>
{
    private const string Marker = "@@bad@@";

    private sealed record BadRequest(string What, HttpRequestMessage Request, string? MustName = null);

    [Fact]
    public async Task Bad_input_anywhere_is_a_problem_never_a_server_error()
    {
        using var http = new HttpClient { BaseAddress = platform.Application.ClientOptions.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", platform.Admin.Tokens.AccessToken);
        // The workers' calls answer only a worker's key: with it they read what they are sent too.
        var (_, workerKey) = await platform.Admin.WithApiKeyAsync(Scopes.JobsRead, Scopes.Worker);
        var requests = Operations().SelectMany(operation => BadRequests(operation).Select(bad =>
            {
                if (operation.RelativePath!.StartsWith("api/v1/worker/", StringComparison.Ordinal))
                    bad.Request.Headers.Add(ApiKeyHeader.Name, workerKey.Secret);
                return bad with { What = $"{operation.HttpMethod} {operation.RelativePath} with {bad.What}" };
            }))
            .Concat(BadHeaders());
        var refusedNaming = new ConcurrentDictionary<string, bool>();
        (await FailuresOfAsync(http, requests, refusedNaming)).Should().BeEmpty();
        refusedNaming.Keys.Should().Contain([ActAsParameter.Name, "type", "input.text", "input.list[0]", "input", "jobs[0].input.text", "message", "metrics", "text",
                "X-Job-Lease", "Idempotency-Key", "email", "token", "metric", "groupBy"],
            "the walk reaches nested fields, dictionaries' keys and headers");
    }

    // A few at a time: the walk is thousands of requests, and the host answers each in a few milliseconds.
    private static async Task<IReadOnlyCollection<string>> FailuresOfAsync(HttpClient http, IEnumerable<BadRequest> requests,
        ConcurrentDictionary<string, bool>? refusedNaming = null)
    {
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (bad, ct) =>
        {
            using var sent = bad.Request;
            using var response = await http.SendAsync(sent, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (FailureOf(bad, response.StatusCode, body) is { } failure)
                failures.Enqueue($"{bad.What}: {failure}");
            else if (bad.MustName is { } field && response.StatusCode == HttpStatusCode.BadRequest && body.Length > 0)
                refusedNaming?.TryAdd(field, true);
        });
        return failures;
    }

    private static string? FailureOf(BadRequest bad, HttpStatusCode status, string body)
    {
        var said = $"{(int)status} {body[..Math.Min(body.Length, 300)]}";
        // Kestrel refuses a NUL in the path or a header, and an overlong request line, itself, before the application sees the request.
        if (body.Length == 0 && status is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong)
            return null;
        // An answer to HEAD carries no body, a problem's included.
        if (bad.Request.Method == HttpMethod.Head && (int)status < 500)
            return null;
        if ((int)status >= 500 || ((int)status >= 400 && !body.Contains("\"code\"")))
            return said;
        if (bad.MustName is not { } field || status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Conflict)
            return null;
        // Text that cannot be stored is refused, naming where it was.
        return status == HttpStatusCode.BadRequest && Named(body, field) ? null : $"not a 400 naming {field}: {said}";
    }

    internal static bool Named(string problem, string field) =>
        JsonDocument.Parse(problem).RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);

    // Of the auth routes, those that change no one's sign-in state whatever they are sent.
    private static readonly string[] WalkedAuthRoutes = ["api/v1/auth/forgot-password", "api/v1/auth/reset-password"];

    private IEnumerable<ApiDescription> Operations() =>
        platform.Application.Service<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(group => group.Items)
            .Where(d => d.RelativePath is not null
                && (!d.RelativePath.StartsWith("api/v1/auth/", StringComparison.Ordinal) || WalkedAuthRoutes.Contains(d.RelativePath)));

    private static IEnumerable<BadRequest> BadRequests(ApiDescription operation)
    {
        var parameters = operation.ParameterDescriptions;
        var body = parameters.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        string Path(string? badIn = null, string value = "%00") => "/" + Regex.Replace(operation.RelativePath!, @"\{(\w+)(:[^}]*)?\}",
            m => m.Groups[1].Value == badIn ? value : m.Groups[2].Value.Contains("guid") ? Guid.NewGuid().ToString() : "x");
        HttpRequestMessage Request(string path, string? json) => new(new HttpMethod(operation.HttpMethod!), path.TrimStart('/'))
        {
            Content = json is null && body is null ? null : new StringContent(json ?? "{}", Encoding.UTF8, "application/json"),
        };

        // Every operation takes the organization it acts for in the query, not only those whose handler reads one.
        foreach (var (what, value, mustName) in QueryValues.Append(("not an id", "my-team", true)).Append(("nobody's id", Guid.NewGuid().ToString(), false)))
            yield return new($"{what} in query {ActAsParameter.Name}", Request($"{Path()}?{ActAsParameter.Name}={value}", null),
                mustName ? ActAsParameter.Name : null);
        foreach (var query in parameters.Where(p => p.Source == BindingSource.Query))
            foreach (var (what, value, mustName) in QueryValues)
                yield return new($"{what} in query {query.Name}", Request($"{Path()}?{query.Name}={value}", null), mustName ? query.Name : null);
        foreach (var route in parameters.Where(p => p.Source == BindingSource.Path && p.Type == typeof(string)))
            foreach (var (what, value, _) in QueryValues)
                yield return new($"{what} in route {route.Name}", Request(Path(route.Name, value), null));
        if (body is null)
            yield break;
        var typed = body.GetProperty("Type") is not null;
        foreach (var (field, template) in TextSlots(body))
            foreach (var (what, value, mustName) in TextValues)
            {
                if (typed && field != "type")
                    template["type"] = "generation";
                var json = template.ToJsonString().Replace(BadText.Json(Marker), BadText.Json(value), StringComparison.Ordinal);
                yield return new($"{what} in body {field}", Request(Path(), json), mustName ? field : null);
            }
        foreach (var field in body.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            foreach (var (what, value) in OtherValues(field.PropertyType))
            {
                var json = new JsonObject { [JsonNamingPolicy.CamelCase.ConvertName(field.Name)] = value };
                if (typed && field.Name != "Type")
                    json["type"] = "generation";
                yield return new($"{what} in body {field.Name}", Request(Path(), json.ToJsonString()));
            }
    }

    // Each value, and whether it must be refused naming its parameter.
    private static readonly (string What, string Value, bool MustName)[] QueryValues =
    [
        ("NUL", "%00", true),
        ("NUL inside text", "a%00b", true),
        .. BadText.Controls.Select(c => (c.What, Uri.EscapeDataString(c.Value), true)),
        ("a surrogate's UTF-8, which is not UTF-8", "%ED%A0%80", false),
        ("invalid UTF-8", "%C3%28", false),
        ("a number out of range", "99999999999999999999", false),
        ("a negative number", "-1", false),
        ("nothing", "", false),
        ("4 KB", new string('a', 4096), false),
    ];

    private static readonly (string What, string Value, bool MustName)[] TextValues =
    [
        .. BadText.Unstorable.Select(u => (u.What, u.Value, true)),
        .. BadText.Controls.Select(c => (c.What, c.Value, false)),
        ("nothing", "", false),
        ("100 KB", new string('a', 100_000), false),
    ];

    /// <summary>Every place a body of <paramref name="type"/> carries text, nested ones too: its path, and the body with <see cref="Marker"/> there.</summary>
    private static IEnumerable<(string Field, JsonObject Body)> TextSlots(Type type) =>
        Slots(type, depth: 0).Where(slot => slot.Node is JsonObject).Select(slot => (slot.Path, (JsonObject)slot.Node));

    private static IEnumerable<(string Path, JsonNode Node)> Slots(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
            yield return ("", JsonValue.Create(Marker));
        else if (type == typeof(JsonElement))
        {
            // Free-form JSON is walked to its strings: nested values, and a property's name, reported at the object that holds it.
            yield return ("text", new JsonObject { ["text"] = Marker });
            yield return ("list[0]", new JsonObject { ["list"] = new JsonArray(Marker) });
            yield return ("", new JsonObject { [Marker] = 1 });
        }
        else if (depth > 3 || type.IsEnum || type.IsPrimitive || type.Namespace?.StartsWith("Platform", StringComparison.Ordinal) != true && !typeof(IEnumerable).IsAssignableFrom(type))
            yield break;
        else if (DictionaryValueOf(type) is { } value)
        {
            // A key is named as its dictionary.
            yield return ("", new JsonObject { [Marker] = value == typeof(string) ? "x" : 1 });
            foreach (var (path, node) in Slots(value, depth + 1))
                yield return (Join("key", path), new JsonObject { ["key"] = node });
        }
        else if (typeof(IEnumerable).IsAssignableFrom(type) && (type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault()) is { } item)
        {
            foreach (var (path, node) in Slots(item, depth + 1))
                yield return (Join("", "[0]" + (path.Length == 0 || path[0] == '[' ? path : "." + path)), new JsonArray(node));
        }
        else
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                foreach (var (path, node) in Slots(property.PropertyType, depth + 1))
                    yield return (Join(name, path), new JsonObject { [name] = node });
            }
    }

    private static Type? DictionaryValueOf(Type type) => type.GetInterfaces().Append(type)
        .FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
        ?.GetGenericArguments()[1];

    private static string Join(string name, string inner) =>
        inner.Length == 0 ? name : name.Length == 0 ? inner : inner[0] == '[' ? name + inner : $"{name}.{inner}";

    // What a field of each kind cannot take besides bad text: text where it wants a number and a number where it wants text, among others.
    private static IEnumerable<(string What, JsonNode? Value)> OtherValues(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        yield return ("the wrong type", plain == typeof(string) ? JsonValue.Create(12) : JsonValue.Create("twelve"));
        if (plain == typeof(int) || plain == typeof(long) || plain == typeof(double))
        {
            yield return ("a number out of range", JsonNode.Parse("1e300"));
            yield return ("a negative number", JsonValue.Create(-1));
            yield return ("a number past a long", JsonNode.Parse("99999999999999999999"));
        }
    }

    // The headers the platform reads, each with every control character it could carry (CR and LF would end the header), on a call that reads it.
    private static IEnumerable<BadRequest> BadHeaders()
    {
        (string Header, string Path, HttpMethod Method)[] readers =
        [
            (ApiKeyHeader.Name, "api/v1/jobs", HttpMethod.Get),
            ("Idempotency-Key", "api/v1/jobs", HttpMethod.Post),
            (JobLeaseHeader.Name, $"api/v1/worker/jobs/{Guid.NewGuid()}/heartbeat", HttpMethod.Post),
            ("Last-Event-ID", $"api/v1/jobs/{Guid.NewGuid()}/events", HttpMethod.Get),
            (Tus.ResumableHeader, "api/v1/uploads", HttpMethod.Post),
            (Tus.LengthHeader, "api/v1/uploads", HttpMethod.Post),
            (Tus.OffsetHeader, $"api/v1/uploads/{Guid.NewGuid()}", HttpMethod.Patch),
            (Tus.MetadataHeader, "api/v1/uploads", HttpMethod.Post),
        ];
        foreach (var (header, path, method) in readers)
            foreach (var (what, value) in BadText.Controls.Where(c => c.Value[1] is not ('\r' or '\n')).Append(("NUL", "a\0b")))
            {
                var request = new HttpRequestMessage(method, path);
                request.Headers.TryAddWithoutValidation(header, value);
                if (header != Tus.ResumableHeader && path.Contains("uploads", StringComparison.Ordinal))
                    request.Headers.TryAddWithoutValidation(Tus.ResumableHeader, Tus.Version);
                yield return new($"{what} in header {header} of {method} {path}", request, header);
            }
    }
}
