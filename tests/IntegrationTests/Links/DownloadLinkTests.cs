using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Host.Links;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Artifacts;
using Platform.Storage.Links;

namespace Platform.IntegrationTests.Links;

/// <summary>A host whose clock the tests move ahead, with an admin made before any test runs.</summary>
public sealed class LinksFixture : PlatformFixture
{
    public LinksFixture() : this(new ShiftedClock())
    {
    }

    private LinksFixture(ShiftedClock clock) : base("links", testServices: services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
    }) => Clock = clock;

    public ShiftedClock Clock { get; }

    public TestUser Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Application.CreateUserAsync();
    }
}

/// <summary>Download links: made by a job's owner, opened by anyone without credentials until they expire.</summary>
public sealed class DownloadLinkTests(LinksFixture links) : IClassFixture<LinksFixture>
{
    private const string Image = "image.png";

    // Nothing of the caller's goes with these requests: no header, no cookie, a client of its own.
    private readonly HttpClient _anyone = new();

    private PlatformApplication App => links.Application;

    [Fact]
    public async Task A_link_downloads_the_artifact_without_credentials_and_the_bytes_match()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var (reader, _) = await owner.WithApiKeyAsync(Scopes.JobsRead);

        var link = await reader.CreateArtifactLinkAsync(job.Id, Image);

        link.Url.Should().StartWith(App.ClientOptions.BaseAddress.ToString() + "api/v1/links/");
        link.ExpiresAt.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromSeconds(5), "Links:DefaultLifetime");
        link.Once.Should().BeFalse();
        var expected = await owner.Client.DownloadArtifactAsync(job.Id, Image);
        for (var download = 1; download <= 2; download++)
        {
            using var response = await _anyone.GetAsync(link.Url);
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"download {download} of a link that is not once-only");
            (await response.Content.ReadAsByteArrayAsync()).Should().Equal(expected);
            response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
            response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
            response.Content.Headers.ContentDisposition.FileName.Should().Be(Image);
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            (response.Headers.CacheControl!.Private, response.Headers.CacheControl.NoStore).Should().Be((true, true));
        }
    }

    [Fact]
    public async Task A_link_answers_a_range_with_that_part_of_the_artifact()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image);
        using var request = new HttpRequestMessage(HttpMethod.Get, link.Url) { Headers = { Range = new RangeHeaderValue(1, 3) } };

        using var response = await _anyone.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal("PNG"u8.ToArray());
    }

    [Fact]
    public async Task A_link_past_its_time_is_gone_as_expired()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image, TimeSpan.FromMinutes(1));
        (await _anyone.GetAsync(link.Url)).StatusCode.Should().Be(HttpStatusCode.OK);

        using (links.Clock.Advance(TimeSpan.FromMinutes(1)))
            await ShouldBeRefusedAsync(link.Url, HttpStatusCode.Gone, "link_expired");
    }

    [Fact]
    public async Task A_link_with_a_changed_byte_in_its_payload_or_signature_is_refused_as_invalid()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image);

        await ShouldBeRefusedAsync(Changed(link.Url, part: 0), HttpStatusCode.Forbidden, "link_invalid");
        await ShouldBeRefusedAsync(Changed(link.Url, part: 1), HttpStatusCode.Forbidden, "link_invalid");
        await ShouldBeRefusedAsync(link.Url[..link.Url.LastIndexOf('.')], HttpStatusCode.Forbidden, "link_invalid");
        await ShouldBeRefusedAsync(new Uri(App.ClientOptions.BaseAddress, "api/v1/links/not-a-link").ToString(), HttpStatusCode.Forbidden, "link_invalid");
        (await _anyone.GetAsync(link.Url)).StatusCode.Should().Be(HttpStatusCode.OK, "the link itself still works");
    }

    [Fact]
    public void A_token_carries_its_grant_and_any_changed_character_fails_verification()
    {
        var tokens = App.Service<LinkTokens>();
        var grant = new LinkGrant(Guid.NewGuid(), Guid.NewGuid(), new ArtifactTarget(Guid.NewGuid(), new string('a', 100)),
            DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60), Once: true);
        var token = tokens.Sign(grant);

        tokens.Verify(token).Should().Be(grant);
        for (var i = 0; i < token.Length; i++)
            foreach (var other in "A_.-0")
                if (other != token[i])
                    tokens.Verify(token[..i] + other + token[(i + 1)..]).Should().BeNull($"character {i} changed to '{other}'");
    }

    [Fact]
    public async Task A_once_only_link_downloads_once_and_then_is_gone_as_used()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image, once: true);

        link.Once.Should().BeTrue();
        (await _anyone.GetByteArrayAsync(link.Url)).Should().Equal(await owner.Client.DownloadArtifactAsync(job.Id, Image));
        await ShouldBeRefusedAsync(link.Url, HttpStatusCode.Gone, "link_used");
    }

    [Fact]
    public async Task Of_concurrent_downloads_of_a_once_only_link_exactly_one_succeeds()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image, once: true);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _anyone.GetAsync(link.Url)));

        responses.Select(r => r.StatusCode).Should().ContainSingle(status => status == HttpStatusCode.OK)
            .And.HaveCount(8).And.OnlyContain(status => status == HttpStatusCode.OK || status == HttpStatusCode.Gone);
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Gone))
            (await ProblemOf(response)).GetProperty("code").GetString().Should().Be("link_used");
    }

    [Fact]
    public async Task A_used_once_only_link_is_forgotten_once_it_has_expired()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image, TimeSpan.FromMinutes(5), once: true);
        (await _anyone.GetAsync(link.Url)).StatusCode.Should().Be(HttpStatusCode.OK);
        var linkId = App.Service<LinkTokens>().Verify(link.Url.Split('/')[^1])!.Id;
        var used = App.Service<UsedLinks>();

        await used.DeleteExpiredAsync(link.ExpiresAt, default);
        (await IsRecordedAsUsedAsync(linkId)).Should().BeTrue("it has not expired yet");
        await used.DeleteExpiredAsync(link.ExpiresAt.AddSeconds(1), default);
        (await IsRecordedAsUsedAsync(linkId)).Should().BeFalse();
    }

    [Fact]
    public async Task A_link_whose_artifact_is_gone_or_no_longer_its_makers_is_revoked()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var stranger = await App.CreateUserAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image);
        var strangersToOwnersJob = App.Service<LinkTokens>().Sign(new LinkGrant(Guid.NewGuid(), stranger.Id, new ArtifactTarget(job.Id, Image),
            DateTimeOffset.UtcNow.AddHours(1), Once: false));

        await ShouldBeRefusedAsync(new Uri(App.ClientOptions.BaseAddress, $"api/v1/links/{strangersToOwnersJob}").ToString(), HttpStatusCode.Gone, "link_revoked");
        await App.Service<ArtifactStore>().DeleteAllAsync(job.Id, default);
        await ShouldBeRefusedAsync(link.Url, HttpStatusCode.Gone, "link_revoked");
    }

    [Fact]
    public async Task A_link_of_a_disabled_account_is_revoked()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var link = await owner.Client.CreateArtifactLinkAsync(job.Id, Image);

        await links.Admin.Client.AdminDisableUserAsync(owner.Id);

        await ShouldBeRefusedAsync(link.Url, HttpStatusCode.Gone, "link_revoked");
    }

    [Fact]
    public async Task A_link_to_another_users_job_or_a_missing_artifact_is_not_made()
    {
        var (owner, job) = await OwnerWithImageAsync();
        var stranger = await App.CreateUserAsync();

        var strangers = () => stranger.Client.CreateArtifactLinkAsync(job.Id, Image);
        var missing = () => owner.Client.CreateArtifactLinkAsync(job.Id, "model.json");

        (await strangers.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
        (await missing.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_lifetime_over_the_most_or_a_bad_body_is_refused_naming_the_field_and_no_body_is_the_default()
    {
        var (owner, job) = await OwnerWithImageAsync();
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Tokens.AccessToken);
        var path = $"api/v1/jobs/{job.Id}/artifacts/{Image}/link";
        Task<HttpResponseMessage> Post(string json) => http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        var tooLong = () => owner.Client.CreateArtifactLinkAsync(job.Id, Image, TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        (await tooLong.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Keys.Should().Equal("expiresInSeconds");
        (await FieldsRefusedAsync(await Post("""{"expiresInSeconds":0}"""))).Should().Equal("expiresInSeconds");
        (await FieldsRefusedAsync(await Post("""{"once":"yes"}"""))).Should().Equal("once");
        using var withoutBody = await http.PostAsync(path, null);
        withoutBody.StatusCode.Should().Be(HttpStatusCode.Created);
        (await withoutBody.Content.ReadFromJsonAsync<DownloadLink>())!.Once.Should().BeFalse();
    }

    [Theory]
    [InlineData("Links:DefaultLifetime", "8.00:00:00")]
    [InlineData("Links:MaxLifetime", "00:00:00")]
    public async Task A_host_with_a_link_lifetime_out_of_bounds_does_not_start_and_names_the_setting(string setting, string value)
    {
        var start = () => PlatformApplication.StartAsync("links-settings", new Dictionary<string, string?> { [setting] = value });

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage($"*{setting}*");
    }

    private async Task<(TestUser Owner, Job Job)> OwnerWithImageAsync()
    {
        var owner = await App.CreateUserAsync();
        var submitted = await owner.Client.SubmitAsync(new SubmitJobRequest(JobTypes.Generation,
            JsonSerializer.SerializeToElement(new { prompt = "a small fox", width = 16, height = 16, steps = 1 })));
        var job = await owner.Client.WaitForCompletionAsync(submitted.Id, TimeSpan.FromSeconds(60));
        job.Status.Should().Be(JobStatus.Succeeded);
        return (owner, job);
    }

    private async Task ShouldBeRefusedAsync(string url, HttpStatusCode status, string code)
    {
        using var response = await _anyone.GetAsync(url);
        response.StatusCode.Should().Be(status, url);
        (await ProblemOf(response)).GetProperty("code").GetString().Should().Be(code);
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<IEnumerable<string>> FieldsRefusedAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        return (await ProblemOf(response)).GetProperty("errors").EnumerateObject().Select(field => field.Name);
    }

    // The link with one byte of its payload (part 0) or of its signature (part 1) changed, still well-formed base64url.
    private static string Changed(string url, int part)
    {
        var slash = url.LastIndexOf('/') + 1;
        var parts = url[slash..].Split('.');
        var bytes = Base64Url.DecodeFromChars(parts[part]);
        bytes[bytes.Length / 2] ^= 0x01;
        parts[part] = Base64Url.EncodeToString(bytes);
        return url[..slash] + string.Join('.', parts);
    }

    private async Task<bool> IsRecordedAsUsedAsync(Guid linkId)
    {
        await using var command = App.Service<NpgsqlDataSource>().CreateCommand("select count(*) from platform.used_links where link_id = $1");
        command.Parameters.AddWithValue(linkId);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
