using System.Net;
using System.Net.Http.Json;
using Platform.Contracts;
using Platform.Contracts.Workers;

namespace Platform.IntegrationTests.Workers;

/// <summary>A worker's claim over plain HTTP, as any worker makes it.</summary>
public static class WorkerCalls
{
    public static Task<HttpResponseMessage> PostClaimAsync(HttpClient http, string worker, string[] types, int max = 1, int waitSeconds = 0,
        CancellationToken ct = default) =>
        http.PostAsJsonAsync("api/v1/worker/claim", new ClaimRequest(worker, types, max, waitSeconds), PlatformJson.Options, ct);

    /// <summary>The jobs a claim answered; anything but 200 fails the test.</summary>
    public static async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(HttpClient http, string worker, string[] types, int max = 1, int waitSeconds = 0,
        CancellationToken ct = default)
    {
        using var response = await PostClaimAsync(http, worker, types, max, waitSeconds, ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<IReadOnlyList<ClaimedJob>>(PlatformJson.Options, ct))!;
    }
}
