using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Model;

namespace Platform.IntegrationTests.Jobs;

public sealed class IdempotencyTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private const string Tiny = """{"type":"generation","input":{"prompt":"tiny","width":16,"height":16,"steps":1}}""";

    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task The_same_key_and_body_get_the_same_job_back_as_a_replay_and_store_one_job()
    {
        var apiKey = await App.CreateApiKeyAsync();
        using var http = App.HttpWithKey(apiKey);
        var key = NewKey();

        using var first = await PostAsync(http, key, Tiny);
        // The same request written differently: other property order and whitespace.
        using var second = await PostAsync(http, key, """{ "input": { "steps": 1, "height": 16, "width": 16, "prompt": "tiny" }, "type": "generation" }""");

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(HttpStatusCode.Accepted);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        second.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var job = await JobOf(first);
        (await JobOf(second)).Id.Should().Be(job.Id);
        second.Headers.Location!.ToString().Should().Be($"/api/v1/jobs/{job.Id}");
        (await App.ClientWithKey(apiKey).ListJobsAsync()).Items.Select(j => j.Id).Should().Equal(job.Id);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_conflict_and_stores_nothing()
    {
        var apiKey = await App.CreateApiKeyAsync();
        using var http = App.HttpWithKey(apiKey);
        var key = NewKey();
        using var first = await PostAsync(http, key, Tiny);

        using var other = await PostAsync(http, key, Tiny.Replace("\"steps\":1", "\"steps\":2"));

        other.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("code").GetString().Should().Be("idempotency_key_reused");
        (await App.ClientWithKey(apiKey).GetStatsAsync()).Total.Should().Be(1);
    }

    [Fact]
    public async Task Two_users_with_the_same_key_get_jobs_of_their_own()
    {
        var ada = await App.CreatePlatformClientAsync();
        var bob = await App.CreatePlatformClientAsync();
        var key = NewKey();

        var adas = await ada.SubmitAsync(TinyRequest(), key);
        var bobs = await bob.SubmitAsync(TinyRequest(), key);

        bobs.Id.Should().NotBe(adas.Id);
        bobs.OwnerId.Should().NotBe(adas.OwnerId);
        (await ada.SubmitAsync(TinyRequest(), key)).Id.Should().Be(adas.Id);
        (await bob.GetStatsAsync()).Total.Should().Be(1);
    }

    [Fact]
    public async Task Ten_concurrent_requests_with_one_key_create_exactly_one_job()
    {
        var apiKey = await App.CreateApiKeyAsync();
        using var http = App.HttpWithKey(apiKey);
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostAsync(http, key, Tiny)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Accepted);
        var ids = await Task.WhenAll(responses.Select(async r => (await JobOf(r)).Id));
        ids.Distinct().Should().ContainSingle();
        responses.Count(r => !r.Headers.Contains("Idempotent-Replayed")).Should().Be(1, "one request created the job and the others replayed it");
        (await App.ClientWithKey(apiKey).GetStatsAsync()).Total.Should().Be(1);
        foreach (var response in responses)
            response.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tinside")]
    [InlineData("201")]
    public async Task A_malformed_key_is_refused_naming_the_header_and_stores_nothing(string key)
    {
        var apiKey = await App.CreateApiKeyAsync();
        using var http = App.HttpWithKey(apiKey);

        using var response = await PostAsync(http, key == "201" ? new string('k', 201) : key, Tiny);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("Idempotency-Key");
        (await App.ClientWithKey(apiKey).GetStatsAsync()).Total.Should().Be(0);
    }

    [Fact]
    public async Task A_key_of_200_printable_characters_is_accepted()
    {
        var client = await App.CreatePlatformClientAsync();
        var key = string.Concat(Enumerable.Range(0, 200).Select(i => (char)(' ' + 1 + i % 94)));

        var job = await client.SubmitAsync(TinyRequest(), key);

        (await client.SubmitAsync(TinyRequest(), key)).Id.Should().Be(job.Id);
    }

    [Fact]
    public async Task An_expired_key_may_be_used_again_for_a_new_request()
    {
        var client = await App.CreatePlatformClientAsync();
        var key = NewKey();
        var first = await client.SubmitAsync(TinyRequest(), key);
        await AgeKeyAsync(first.OwnerId, key, TimeSpan.FromHours(25));

        var second = await client.SubmitAsync(TinyRequest() with { Priority = 9 }, key);

        second.Id.Should().NotBe(first.Id);
        (await client.SubmitAsync(TinyRequest() with { Priority = 9 }, key)).Id.Should().Be(second.Id, "the key now answers for the new request");
        await using var session = App.Service<IDocumentStore>().QuerySession();
        (await session.Query<IdempotencyRecord>().Where(r => r.OwnerId == first.OwnerId).CountAsync()).Should().Be(1, "the expired record gave way");
    }

    private async Task AgeKeyAsync(string ownerId, string key, TimeSpan age)
    {
        await using var session = App.Service<IDocumentStore>().LightweightSession();
        var record = await session.Query<IdempotencyRecord>().SingleAsync(r => r.OwnerId == ownerId && r.Key == key);
        record.CreatedAt -= age;
        session.Update(record);
        await session.SaveChangesAsync();
    }

    internal static string NewKey() => $"key-{Guid.NewGuid():N}";

    private static SubmitJobRequest TinyRequest() => new(JobTypes.Generation,
        JsonSerializer.SerializeToElement(new { prompt = "tiny", width = 16, height = 16, steps = 1 }));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string key, string body, string path = "api/v1/jobs")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    private static async Task<Job> JobOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<Job>(PlatformJson.Options))!;
}
