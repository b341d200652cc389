using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Platform.Samples.Poller;

/// <summary>
/// Submits one job and follows it with nothing but HTTP and JSON: each <c>GET /api/v1/jobs/{id}?waitForChange=30s</c>
/// answers as soon as the job changes (or after 30 s unchanged), so the loop is as live as the job without hammering the API.
/// </summary>
public static class JobPoller
{
    /// <summary>Exit code: 0 when the job succeeded, 1 when it failed or was cancelled, 2 when it was refused.</summary>
    public static async Task<int> RunAsync(HttpClient http, string type, string inputJson, TextWriter output, CancellationToken ct)
    {
        var body = $$"""{"type":{{JsonSerializer.Serialize(type)}},"input":{{inputJson}}}""";
        using var submitted = await http.PostAsync("api/v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        if (!submitted.IsSuccessStatusCode)
        {
            output.WriteLine($"Refused ({(int)submitted.StatusCode}): {await submitted.Content.ReadAsStringAsync(ct)}");
            return 2;
        }
        var job = await submitted.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = job.GetProperty("id").GetString();
        output.WriteLine($"Submitted job {id}");

        while (true)
        {
            var status = job.GetProperty("status").GetString();
            var message = job.TryGetProperty("message", out var text) ? text.GetString() : null;
            output.WriteLine($"{status} {job.GetProperty("progress").GetDouble():0}% {message}".TrimEnd());
            switch (status)
            {
                case "succeeded":
                    foreach (var artifact in job.GetProperty("artifacts").EnumerateArray())
                        output.WriteLine($"Artifact: {new Uri(http.BaseAddress!, $"api/v1/jobs/{id}/artifacts/{artifact.GetProperty("name").GetString()}")}");
                    return 0;
                case "failed":
                    output.WriteLine($"Error: {job.GetProperty("error").GetString()}");
                    return 1;
                case "cancelled":
                    return 1;
            }
            var version = job.GetProperty("version").GetInt64();
            job = await http.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{id}?waitForChange=30s&afterVersion={version}", ct);
        }
    }
}
