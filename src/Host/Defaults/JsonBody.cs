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
        catch (JsonException e)
        {
            return (null, ApiProblems.Invalid(FieldOf(e.Path), e.Message == TextWithoutNul.Problem ? e.Message : "is not valid JSON or has the wrong type."));
        }
        catch (InvalidOperationException)
        {
            return (null, ApiProblems.Invalid("body", "must be JSON (Content-Type: application/json)."));
        }
    }

    private static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "body" : jsonPath.TrimStart('$', '.');
}
