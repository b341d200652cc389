using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Files;
using Platform.IntegrationTests.Infrastructure;
using Platform.Storage.Files;
using Platform.Storage.Objects;
using static Platform.IntegrationTests.Files.TusRequests;

namespace Platform.IntegrationTests.Files;

public sealed class ResumableUploadsFixture() : PlatformFixture("uploads", new Dictionary<string, string?>
{
    ["Files:MaxFileBytes"] = "200000",
    ["Files:MaxBytesPerUser"] = "300000",
    ["Files:MaxChunkBytes"] = "50000",
    ["Files:MaxOpenUploadsPerUser"] = "3",
});

public sealed class ResumableUploadTests(ResumableUploadsFixture platform) : IClassFixture<ResumableUploadsFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task Options_answers_the_tus_version_extensions_and_largest_upload()
    {
        var http = await NewUserAsync();

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "api/v1/uploads"));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues(Tus.VersionHeader).Should().Equal("1.0.0");
        response.Headers.GetValues(Tus.ExtensionHeader).Single().Split(',').Should().Contain(["creation", "termination"]);
        response.Headers.GetValues(Tus.MaxSizeHeader).Should().Equal("200000");
    }

    [Fact]
    public async Task A_file_sent_in_several_patches_arrives_with_its_bytes_hash_and_type_and_its_parts_are_removed()
    {
        var http = await NewUserAsync();
        var csv = Csv(120_000);
        var location = await OpenAsync(http, csv.Length, "points.csv", "text/csv");

        (await AppendAsync(http, location, 0, csv[..40_000])).Should().Be(40_000);
        using (var head = await HeadAsync(http, location))
        {
            (OffsetOf(head), head.Headers.GetValues(Tus.LengthHeader).Single()).Should().Be((40_000, "120000"));
            head.Headers.CacheControl!.NoStore.Should().BeTrue();
        }
        (await AppendAsync(http, location, 40_000, csv[40_000..80_000])).Should().Be(80_000);
        using var last = await PatchAsync(http, location, 80_000, csv[80_000..]);

        last.StatusCode.Should().Be(HttpStatusCode.NoContent, await last.Content.ReadAsStringAsync());
        OffsetOf(last).Should().Be(csv.Length);
        var file = await http.GetFromJsonAsync<UserFile>($"api/v1/files/{FileIdOf(last)}", PlatformJson.Options);
        (file!.Name, file.Size, file.ContentType, file.Sha256).Should().Be(("points.csv", csv.Length, "text/csv", Sha256(csv)));
        (await http.GetByteArrayAsync($"api/v1/files/{file.Id}/content")).Should().Equal(csv);
        (await App.Service<IObjectStore>().ListAsync(ResumableUploads.PrefixOf(IdOf(location)), default)).Should().BeEmpty();
        using var after = await HeadAsync(http, location);
        (OffsetOf(after), FileIdOf(after)).Should().Be((csv.Length, file.Id), "a client that lost the last answer learns the file from HEAD");
    }

    [Fact]
    public async Task An_empty_file_is_whole_as_soon_as_its_upload_opens()
    {
        var http = await NewUserAsync();

        using var created = await CreateAsync(http, 0, "empty.txt");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var file = await http.GetFromJsonAsync<UserFile>($"api/v1/files/{FileIdOf(created)}", PlatformJson.Options);
        (file!.Size, file.Sha256).Should().Be((0, Sha256([])));
    }

    [Fact]
    public async Task A_patch_cut_off_midway_stores_nothing_of_itself_and_the_upload_resumes_from_the_offset_head_reports()
    {
        var http = await NewUserAsync();
        var csv = Csv(90_000);
        var location = await OpenAsync(http, csv.Length, "cut.csv");
        await AppendAsync(http, location, 0, csv[..45_000]);

        var cut = () => PatchAsync(http, location, 45_000, new StreamContent(new FlakyStream(csv[45_000..], failAfter: 20_000)));

        await cut.Should().ThrowAsync<HttpRequestException>();
        using var head = await HeadAsync(http, location);
        OffsetOf(head).Should().Be(45_000);
        using var rest = await PatchAsync(http, location, OffsetOf(head), csv[45_000..]);
        rest.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await http.GetByteArrayAsync($"api/v1/files/{FileIdOf(rest)}/content")).Should().Equal(csv);
    }

    [Fact]
    public async Task The_sdk_sends_a_file_in_parts_and_sends_a_part_cut_off_midway_again_from_the_offset_head_reports()
    {
        var client = await App.CreatePlatformClientAsync();
        var csv = Csv(130_000);
        var content = new FlakyStream(csv, failAfter: 70_000);
        var reported = new List<long>();

        var file = await client.UploadFileResumableAsync(content, "big.csv", "text/csv", chunkBytes: 30_000, progress: new SynchronousProgress(reported));

        content.Failed.Should().BeTrue("the third part was cut off");
        (file.Size, file.Sha256, file.ContentType).Should().Be((csv.Length, Sha256(csv), "text/csv"));
        (await client.DownloadFileAsync(file.Id)).Should().Equal(csv);
        reported.Should().Equal(30_000, 60_000, 90_000, 120_000, 130_000);
    }

    [Fact]
    public async Task The_sdk_resumes_a_stream_that_cannot_seek_from_its_copy_of_the_part_after_lost_requests_and_answers()
    {
        var key = await App.CreateApiKeyAsync();
        var losing = new LosingHandler { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(losing) { BaseAddress = App.ClientOptions.BaseAddress };
        var client = new PlatformClient(http, PlatformCredentials.ApiKey(key));
        var csv = Csv(130_000);

        var file = await client.UploadFileResumableAsync(new FlakyStream(csv, failAfter: long.MaxValue, seekable: false), "once.csv", "text/csv",
            chunkBytes: 30_000);

        losing.Patches.Should().Be(6, "the lost part was sent again, the part whose answer was lost was not");
        (await client.DownloadFileAsync(file.Id)).Should().Equal(csv);
    }

    [Fact]
    public async Task A_part_for_another_offset_is_refused_with_409_and_changes_nothing()
    {
        var http = await NewUserAsync();
        var location = await OpenAsync(http, 100, "a.txt");
        await AppendAsync(http, location, 0, new byte[10].Select(_ => (byte)'a').ToArray());

        using var response = await PatchAsync(http, location, 5, "bbbbb"u8.ToArray());

        await ShouldBeProblemAsync(response, HttpStatusCode.Conflict, "upload_offset_mismatch");
        using var head = await HeadAsync(http, location);
        OffsetOf(head).Should().Be(10);
    }

    [Fact]
    public async Task A_part_past_the_uploads_length_or_the_part_limit_is_refused_with_413_and_changes_nothing()
    {
        var http = await NewUserAsync();
        var location = await OpenAsync(http, 60_000, "a.txt");

        using var tooLarge = await PatchAsync(http, location, 0, Text(50_001));
        using var pastLength = await PatchAsync(http, location, 0, Text(60_001));
        await AppendAsync(http, location, 0, Text(50_000));
        using var pastTheRest = await PatchAsync(http, location, 50_000, Text(10_001));

        await ShouldBeProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "chunk_too_large");
        await ShouldBeProblemAsync(pastLength, HttpStatusCode.RequestEntityTooLarge, "upload_length_exceeded");
        await ShouldBeProblemAsync(pastTheRest, HttpStatusCode.RequestEntityTooLarge, "upload_length_exceeded");
        using var head = await HeadAsync(http, location);
        OffsetOf(head).Should().Be(50_000);
    }

    [Fact]
    public async Task Parts_sent_to_two_hosts_complete_one_file()
    {
        var key = await App.CreateApiKeyAsync();
        await using var sibling = App.StartSibling();
        using var first = App.HttpWithKey(key);
        using var second = sibling.HttpWithKey(key);
        var csv = Csv(100_000);
        var location = await OpenAsync(first, csv.Length, "shared.csv");

        await AppendAsync(second, location, 0, csv[..30_000]);
        await AppendAsync(first, location, 30_000, csv[30_000..60_000]);
        using (var head = await HeadAsync(second, location))
            OffsetOf(head).Should().Be(60_000);
        using var last = await PatchAsync(second, location, 60_000, csv[60_000..]);

        last.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await first.GetByteArrayAsync($"api/v1/files/{FileIdOf(last)}/content")).Should().Equal(csv);
    }

    [Fact]
    public async Task Deleting_an_upload_removes_it_and_its_parts()
    {
        var http = await NewUserAsync();
        var location = await OpenAsync(http, 100_000, "gone.txt");
        await AppendAsync(http, location, 0, Text(30_000));

        using var deleted = await DeleteAsync(http, location);

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        using (var head = await HeadAsync(http, location))
            head.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using (var patch = await PatchAsync(http, location, 30_000, Text(10)))
            patch.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await App.Service<IObjectStore>().ListAsync(ResumableUploads.PrefixOf(IdOf(location)), default)).Should().BeEmpty();
        using (var again = await DeleteAsync(http, location))
            again.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Open_uploads_hold_the_length_they_announced_against_the_quota_and_their_number_is_capped()
    {
        var http = await NewUserAsync();
        var big = await OpenAsync(http, 200_000, "big.txt");

        using (var overQuota = await CreateAsync(http, 100_001, "more.txt"))
            await ShouldBeProblemAsync(overQuota, HttpStatusCode.RequestEntityTooLarge, "file_quota_reached");
        await OpenAsync(http, 50_000, "second.txt");
        await OpenAsync(http, 50_000, "third.txt");
        using (var fourth = await CreateAsync(http, 1, "fourth.txt"))
            await ShouldBeProblemAsync(fourth, HttpStatusCode.TooManyRequests, "too_many_uploads");

        (await DeleteAsync(http, big)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await OpenAsync(http, 100_000, "room again.txt");
    }

    [Fact]
    public async Task Creation_refuses_a_bad_name_or_a_length_past_the_file_limit_naming_the_header()
    {
        var http = await NewUserAsync();

        using var badName = await CreateAsync(http, 10, "a/b.txt");
        using var tooLarge = await CreateAsync(http, 200_001, "big.txt");
        using var noLength = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/uploads") { Headers = { { Tus.ResumableHeader, Tus.Version } } });

        (await ShouldBeProblemAsync(badName, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors")
            .TryGetProperty("Upload-Metadata.filename", out _).Should().BeTrue();
        (await ShouldBeProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "file_too_large")).GetProperty("detail").GetString()
            .Should().StartWith("Upload-Length");
        (await ShouldBeProblemAsync(noLength, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors")
            .TryGetProperty("Upload-Length", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_file_its_bytes_contradict_is_refused_when_it_completes_and_the_upload_is_removed()
    {
        var http = await NewUserAsync();
        var location = await OpenAsync(http, 20, "fake.png", "image/png");

        using var last = await PatchAsync(http, location, 0, Text(20));

        (await ShouldBeProblemAsync(last, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors")
            .TryGetProperty("Upload-Metadata.filetype", out _).Should().BeTrue();
        using var head = await HeadAsync(http, location);
        head.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.GetFromJsonAsync<JsonElement>("api/v1/files")).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task A_request_that_does_not_name_the_tus_version_is_refused_with_412()
    {
        var http = await NewUserAsync();
        var location = await OpenAsync(http, 10, "a.txt");

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, location));

        await ShouldBeProblemAsync(response, HttpStatusCode.PreconditionFailed, "unsupported_tus_version");
        response.Headers.GetValues(Tus.VersionHeader).Should().Equal(Tus.Version);
    }

    [Fact]
    public async Task Another_users_upload_is_not_found_anywhere()
    {
        var owner = await NewUserAsync();
        var stranger = await NewUserAsync();
        var location = await OpenAsync(owner, 20, "mine.txt");

        using (var head = await HeadAsync(stranger, location))
            head.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using (var patch = await PatchAsync(stranger, location, 0, Text(20)))
            patch.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using (var delete = await DeleteAsync(stranger, location))
            delete.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var owners = await HeadAsync(owner, location);
        (owners.StatusCode, OffsetOf(owners)).Should().Be((HttpStatusCode.OK, 0L));
    }

    private async Task<HttpClient> NewUserAsync() => App.HttpWithKey(await App.CreateApiKeyAsync());

    internal static byte[] Csv(int length)
    {
        var text = new StringBuilder("x,y\n");
        for (var i = 0; text.Length < length; i++)
            text.Append(i).Append(',').Append(i * 7 % 1000).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString()[..length]);
    }

    internal static byte[] Text(int length) => Enumerable.Repeat((byte)'a', length).ToArray();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be(code);
        return problem;
    }

    // Progress<T> reports on the thread pool, out of order and possibly after the upload returned; a test wants each report as it comes.
    private sealed class SynchronousProgress(List<long> reported) : IProgress<long>
    {
        public void Report(long value) => reported.Add(value);
    }

    // Loses the second PATCH before it leaves and the answer to the fourth after the platform stored it.
    private sealed class LosingHandler : DelegatingHandler
    {
        private int _patches;

        public int Patches => _patches;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Method != HttpMethod.Patch)
                return await base.SendAsync(request, ct);
            var patch = Interlocked.Increment(ref _patches);
            if (patch == 2)
                throw new HttpRequestException("The connection dropped before the part left.");
            var response = await base.SendAsync(request, ct);
            if (patch != 4)
                return response;
            response.Dispose();
            throw new HttpRequestException("The connection dropped before the answer came.");
        }
    }
}

public sealed class ExpiringUploadsFixture() : PlatformFixture("uploads-expiring", new Dictionary<string, string?>
{
    ["Files:UploadExpiry"] = "00:00:02",
    ["Files:UploadCleanupInterval"] = "00:00:00.200",
});

public sealed class UploadExpiryTests(ExpiringUploadsFixture platform) : IClassFixture<ExpiringUploadsFixture>
{
    [Fact]
    public async Task An_unfinished_upload_is_removed_with_its_parts_once_it_expires()
    {
        var app = platform.Application;
        using var http = app.HttpWithKey(await app.CreateApiKeyAsync());
        var location = await OpenAsync(http, 100, "later.txt");
        await AppendAsync(http, location, 0, ResumableUploadTests.Text(40));
        var prefix = ResumableUploads.PrefixOf(IdOf(location));
        (await app.Service<IObjectStore>().ListAsync(prefix, default)).Should().ContainSingle();

        await Eventually.HoldsAsync(async () => (await app.Service<IObjectStore>().ListAsync(prefix, default)).Count == 0,
            "the expired upload's part to be removed");

        using var head = await HeadAsync(http, location);
        head.StatusCode.Should().Be(HttpStatusCode.NotFound);
        await using var command = app.Service<Npgsql.NpgsqlDataSource>().CreateCommand($"select count(*) from {UploadTable.Name} where id = $1");
        command.Parameters.AddWithValue(IdOf(location));
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(0);
    }
}
