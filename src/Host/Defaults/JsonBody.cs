using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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
