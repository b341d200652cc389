using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Client;

/// <summary>A problem response (RFC 7807) from the API: status, stable code, title, detail and field errors.</summary>
public sealed class PlatformApiException(HttpStatusCode status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors, string? code = null)
    : Exception(detail is null ? $"{(int)status} {title}" : $"{(int)status} {title} {detail}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The problem's machine-readable <c>code</c>, e.g. <c>invalid_credentials</c>; null when the response had none.</summary>
    public string? Code { get; } = code;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    internal static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        Problem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
        }
        throw new PlatformApiException(response.StatusCode, problem?.Title ?? response.ReasonPhrase ?? "Request failed", problem?.Detail,
            problem?.Errors ?? new Dictionary<string, string[]>(), problem?.Code);
    }

    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors, string? Code);
}
