using System.Net;
using System.Net.Http.Json;
using System.Text;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;

namespace Platform.IntegrationTests.Safety;

public sealed partial class BadInputEverywhereTests
{
    [Fact]
    public async Task A_workers_calls_on_a_job_it_holds_refuse_bad_text_naming_it_keep_the_lease_and_what_they_stored_reads_back()
    {
        var user = await platform.Application.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        using var http = platform.Application.HttpWithKey(key.Secret);
        var job = await client.SubmitAsync(new SubmitJobRequest(BadInputFixture.RemoteType, System.Text.Json.JsonSerializer.SerializeToElement(new { })));
        using var claim = await http.PostAsJsonAsync("api/v1/worker/claim", new ClaimRequest("walker", [BadInputFixture.RemoteType], 1, 10), PlatformJson.Options);
        var lease = (await claim.Content.ReadFromJsonAsync<IReadOnlyList<ClaimedJob>>(PlatformJson.Options))!.Single(c => c.JobId == job.Id).Lease;
        var calls = $"api/v1/worker/jobs/{job.Id}";

        BadRequest Post(string what, string call, string? json, string? mustName, string? leaseSent = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{calls}/{call}")
            {
                Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(JobLeaseHeader.Name, leaseSent ?? lease);
            return new($"{what} in {call}", request, mustName);
        }
        BadRequest Artifact(string what, string name, string contentType, string mustName)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"{calls}/artifacts/{name}") { Content = new ByteArrayContent("x"u8.ToArray()) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Headers.TryAddWithoutValidation(JobLeaseHeader.Name, lease);
            return new($"{what} in an artifact", request, mustName);
        }
        IEnumerable<BadRequest> Walk()
        {
            foreach (var (what, value, mustName) in TextValues)
            {
                var text = BadText.Json(value);
                yield return Post(what, "progress", $$$"""{"percent":50,"message":{{{text}}}}""", mustName ? "message" : null);
                yield return Post(what, "log", $$$"""{"message":{{{text}}}}""", mustName ? "message" : null);
                yield return Post(what, "progress", $$$"""{"percent":50,"metrics":{{{{text}}}:1}}""", mustName ? "metrics" : null);
                // What would end the job is sent only where it must be refused.
                if (!mustName)
                    continue;
                yield return Post(what, "fail", $$$"""{"error":{{{text}}}}""", "error");
                yield return Post(what, "succeed", $$$"""{"output":{"summary":[{{{text}}}]}}""", "output.summary[0]");
            }
            foreach (var (what, value) in BadText.Controls.Where(c => c.Value[1] is not ('\r' or '\n')).Append(("NUL", "a\0b")))
            {
                foreach (var call in new[] { "heartbeat", "release", "fail", "succeed" })
                    yield return Post(what, call, call is "fail" or "succeed" ? """{"error":"x"}""" : null, JobLeaseHeader.Name, lease + value);
                if (value != "a\0b")
                {
                    yield return Artifact($"{what} in Content-Type", "out.txt", "text/plain" + value, "Content-Type");
                    yield return Artifact($"{what} in the name", Uri.EscapeDataString("out" + value + ".txt"), "text/plain", "name");
                }
            }
            foreach (var type in new[] { "text", "text/", "text plain", "text/plain; charset", "a/b;c=\"open" })
                yield return Artifact($"'{type}' as Content-Type", "out.txt", type, "Content-Type");
        }

        (await FailuresOfAsync(http, Walk())).Should().BeEmpty();

        using (var beat = await http.SendAsync(Post("a sound heartbeat", "heartbeat", null, null).Request))
            beat.StatusCode.Should().Be(HttpStatusCode.OK, "the worker still holds the job: " + await beat.Content.ReadAsStringAsync());
        foreach (var read in new[] { "", "/events", "/logs" })
        {
            using var answer = await http.GetAsync($"api/v1/jobs/{job.Id}{read}");
            answer.StatusCode.Should().Be(HttpStatusCode.OK, $"the job{read} reads back with the control characters it took");
        }
        using var done = await http.SendAsync(Post("a sound end", "succeed", """{"output":{"summary":["done"]}}""", null).Request);
        done.StatusCode.Should().Be(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
    }
}
