using System.Text.Json;
using Platform.Contracts;

namespace Platform.Host.Defaults;

/// <summary>Reads a request's JSON body, turning every way it can be wrong into a 400 that names the field.</summary>
public static class JsonBody
{
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try
        {
            var value = await request.ReadFromJsonAsync<T>(PlatformJson.Options, ct);
            return value is null ? (null, ApiProblems.Invalid("body", "is required.")) : (value, null);
        }
        catch (UnstorableTextException e)
        {
            return (null, ApiProblems.Invalid(Within(FieldOf(WithoutKey(e.Path, e.Key)), e.Inside), StorableText.Problem));
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Invalid(FieldOf(e.Path), "is not valid JSON or has the wrong type."));
        }
        catch (InvalidOperationException)
        {
            return (null, ApiProblems.Invalid("body", "must be JSON (Content-Type: application/json)."));
        }
    }

    /// <summary>Reads the body and hands it to <paramref name="command"/>; a body that cannot be read is refused as a command refuses a field.</summary>
    public static async Task<Outcome<TResult>> ReadThenAsync<TBody, TResult>(HttpRequest request, Func<TBody, Task<Outcome<TResult>>> command,
        CancellationToken ct) where TBody : class
    {
        var (body, problem) = await ReadAsync<TBody>(request, ct);
        return body is null ? Refusal.Invalid(new Dictionary<string, string[]>(problem!.ProblemDetails.Errors)) : await command(body);
    }

    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');

    // The path of a dictionary's key ends with the key, which is reported at its dictionary instead.
    private static string? WithoutKey(string? jsonPath, string? key) =>
        key is null || jsonPath is null ? jsonPath
        : jsonPath.EndsWith($"['{key}']", StringComparison.Ordinal) ? jsonPath[..^(key.Length + 4)]
        : jsonPath.EndsWith("." + key, StringComparison.Ordinal) ? jsonPath[..^(key.Length + 1)]
        : jsonPath;

    // input and prompt make input.prompt; input and [2] make input[2].
    private static string Within(string field, string inside) =>
        inside.Length == 0 ? field : field == "body" ? inside : inside[0] == '[' ? field + inside : $"{field}.{inside}";
}
