using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Contracts;
using Platform.Contracts.Files;
using Platform.Contracts.Jobs;
using Npgsql;
using Platform.IntegrationTests.Infrastructure;
using Platform.Storage.Files;
using Platform.Storage.Objects;

namespace Platform.IntegrationTests.Files;

public sealed class SmallFilesFixture() : PlatformFixture("files", new Dictionary<string, string?>
{
    ["Files:MaxFileBytes"] = "200000",
    ["Files:MaxBytesPerUser"] = "300000",
    ["Files:MaxFilesPerUser"] = "4",
});

public sealed class FileUploadTests(SmallFilesFixture platform) : IClassFixture<SmallFilesFixture>
{
    internal static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    [Fact]
    public async Task An_upload_answers_its_size_type_and_hash_and_downloads_the_same_bytes()
    {
        var http = await NewUserAsync();
        var csv = Encoding.UTF8.GetBytes("x1,x2,y\n1,2,3\n2,3,5\n");

        var file = await UploadAsync(http, csv, "points.csv", "text/csv");

        file.Name.Should().Be("points.csv");
        file.Size.Should().Be(csv.Length);
        file.ContentType.Should().Be("text/csv");
        file.Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(csv)));
        (await http.GetFromJsonAsync<UserFile>($"api/v1/files/{file.Id}", PlatformJson.Options)).Should().Be(file);
        var download = await http.GetAsync($"api/v1/files/{file.Id}/content");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(csv);
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment", "a download is never rendered by the browser");
        download.Headers.GetValues("X-Content-Type-Options").Should().Contain("nosniff");
        var list = await http.GetFromJsonAsync<Page<UserFile>>("api/v1/files", PlatformJson.Options);
        list!.Items.Should().ContainSingle().Which.Id.Should().Be(file.Id);
    }

    [Fact]
    public async Task A_multipart_upload_takes_its_type_from_the_bytes()
    {
        var http = await NewUserAsync();
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Png);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", "picture.bin");

        var response = await http.PostAsync("api/v1/files", form);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var file = (await response.Content.ReadFromJsonAsync<UserFile>(PlatformJson.Options))!;
        (file.Name, file.ContentType, file.Size).Should().Be(("picture.bin", "image/png", Png.Length));
        response.Headers.Location!.ToString().Should().Be($"/api/v1/files/{file.Id}");
    }

    [Fact]
    public async Task A_declared_type_the_bytes_contradict_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var http = await NewUserAsync();

        var response = await PostRawAsync(http, "not a picture"u8.ToArray(), "fake.png", "image/png");

        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, field: "contentType");
        await ShouldHoldFilesAsync(http, 0);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_whether_or_not_its_length_is_announced()
    {
        var http = await NewUserAsync();
        var big = Encoding.UTF8.GetBytes(new string('a', 200_001));

        var announced = await PostRawAsync(http, big, "big.txt", "text/plain");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(big), "file", "big.txt" } };
        var streamed = await http.PostAsync("api/v1/files", form);

        foreach (var response in new[] { announced, streamed })
        {
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("file_too_large");
        }
        await ShouldHoldFilesAsync(http, 0);
    }

    [Fact]
    public async Task A_user_keeps_files_within_their_quota_and_deleting_one_makes_room()
    {
        var http = await NewUserAsync();
        var chunk = Encoding.UTF8.GetBytes(new string('b', 140_000));
        var first = await UploadAsync(http, chunk, "one.txt", "text/plain");
        await UploadAsync(http, chunk, "two.txt", "text/plain");

        var third = await PostRawAsync(http, chunk, "three.txt", "text/plain");

        third.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("file_quota_reached");
        await ShouldHoldFilesAsync(http, 2);
        (await http.DeleteAsync($"api/v1/files/{first.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await http.GetAsync($"api/v1/files/{first.Id}/content")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await UploadAsync(http, chunk, "three.txt", "text/plain");
    }

    [Fact]
    public async Task A_user_keeps_at_most_the_number_of_files_allowed()
    {
        var http = await NewUserAsync();
        for (var i = 0; i < 4; i++)
            await UploadAsync(http, "x"u8.ToArray(), $"f{i}.txt", "text/plain");

        var fifth = await PostRawAsync(http, "x"u8.ToArray(), "f5.txt", "text/plain");

        await ShouldBeProblemAsync(fifth, HttpStatusCode.RequestEntityTooLarge, field: null);
        await ShouldHoldFilesAsync(http, 4);
    }

    [Fact]
    public async Task Concurrent_uploads_of_one_user_never_pass_the_quota_together()
    {
        var http = await NewUserAsync();
        var chunk = Encoding.UTF8.GetBytes(new string('c', 70_000));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostRawAsync(http, chunk, $"c{i}.txt", "text/plain")));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(4, "4 × 70,000 bytes fit in 300,000 and a fifth does not");
        responses.Where(r => r.StatusCode != HttpStatusCode.Created).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.RequestEntityTooLarge);
        await ShouldHoldFilesAsync(http, 4);
    }

    [Fact]
    public async Task Another_users_file_is_not_found_anywhere()
    {
        var owner = await NewUserAsync();
        var other = await NewUserAsync();
        var file = await UploadAsync(owner, "1,2\n"u8.ToArray(), "mine.csv", "text/csv");

        (await other.GetAsync($"api/v1/files/{file.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAsync($"api/v1/files/{file.Id}/content")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"api/v1/files/{file.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var submit = await other.PostAsJsonAsync("api/v1/jobs", TrainingOn(file.Id));
        await ShouldBeProblemAsync(submit, HttpStatusCode.BadRequest, field: "input.datasetFile.file");
        (await owner.GetAsync($"api/v1/files/{file.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_training_job_learns_from_an_uploaded_csv()
    {
        var http = await NewUserAsync();
        // y = 2·x1 − x2 + 1, exactly.
        var rows = Enumerable.Range(0, 60).Select(i => (X1: i % 7 / 3.0, X2: i % 5 / 2.0)).Select(p => $"{p.X1},{p.X2},{2 * p.X1 - p.X2 + 1}");
        var file = await UploadAsync(http, Encoding.UTF8.GetBytes("x1,x2,y\n" + string.Join("\n", rows)), "line.csv", "text/csv");

        var job = await SubmitAsync(http, TrainingOn(file.Id, epochs: 400));
        var finished = await Eventually.ReadAsync(() => http.GetFromJsonAsync<Job>($"api/v1/jobs/{job.Id}", PlatformJson.Options),
            j => j!.Status.IsFinished(), "the training job to finish", TimeSpan.FromSeconds(60));

        finished!.Status.Should().Be(JobStatus.Succeeded, finished.Error);
        finished.Output!.Value.GetProperty("samples").GetInt32().Should().Be(60);
        finished.Output.Value.GetProperty("finalLoss").GetDouble().Should().BeLessThan(0.05);
    }

    [Fact]
    public async Task A_field_that_takes_csv_refuses_a_picture()
    {
        var http = await NewUserAsync();
        var picture = await UploadAsync(http, Png, "p.png", "image/png");

        var submit = await http.PostAsJsonAsync("api/v1/jobs", TrainingOn(picture.Id));

        var problem = await ShouldBeProblemAsync(submit, HttpStatusCode.BadRequest, field: "input.datasetFile.file");
        problem.GetProperty("errors").GetProperty("input.datasetFile.file")[0].GetString().Should().Contain("image/png").And.Contain("text/csv");
    }

    [Fact]
    public async Task A_file_an_unfinished_job_names_cannot_be_deleted_until_the_job_ends()
    {
        var http = await NewUserAsync();
        var file = await UploadAsync(http, "1,2\n2,4\n"u8.ToArray(), "later.csv", "text/csv");
        var job = await SubmitAsync(http, TrainingOn(file.Id) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) });

        var refused = await http.DeleteAsync($"api/v1/files/{file.Id}");

        var problem = await ShouldBeProblemAsync(refused, HttpStatusCode.Conflict, field: null);
        problem.GetProperty("code").GetString().Should().Be("file_in_use");
        problem.GetProperty("detail").GetString().Should().Contain(job.Id.ToString());
        (await http.PostAsync($"api/v1/jobs/{job.Id}/cancel", null)).EnsureSuccessStatusCode();
        (await http.DeleteAsync($"api/v1/files/{file.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_file_a_schedule_names_is_kept_until_the_schedule_is_deleted()
    {
        var http = await NewUserAsync();
        var file = await UploadAsync(http, "1,2\n2,4\n"u8.ToArray(), "weekly.csv", "text/csv");
        var created = await http.PostAsJsonAsync("api/v1/schedules",
            new Platform.Contracts.Schedules.CreateScheduleRequest("weekly retrain", "0 0 3 ? * MON", TrainingOn(file.Id)), PlatformJson.Options);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var schedule = (await created.Content.ReadFromJsonAsync<Platform.Contracts.Schedules.Schedule>(PlatformJson.Options))!;

        var refused = await http.DeleteAsync($"api/v1/files/{file.Id}");

        var problem = await ShouldBeProblemAsync(refused, HttpStatusCode.Conflict, field: null);
        problem.GetProperty("detail").GetString().Should().Contain($"schedule {schedule.Id}");
        (await http.DeleteAsync($"api/v1/schedules/{schedule.Id}")).EnsureSuccessStatusCode();
        (await http.DeleteAsync($"api/v1/files/{file.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_file_refused_at_admission_after_its_client_left_leaves_no_bytes_behind()
    {
        var user = await platform.Application.CreateUserAsync();
        var objects = platform.Application.Service<IObjectStore>();
        var before = await FileKeysAsync(objects);
        await using var connection = await platform.Application.Service<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Another upload of the same owner is being admitted meanwhile, and will take all of the owner's storage.
        await UserFiles.LockOwnerAsync(transaction, user.Id, CancellationToken.None);
        using var client = new CancellationTokenSource();
        var upload = platform.Application.Service<FileIntake>().StoreAsync(user.Id, "late.csv", "text/csv", null,
            new MemoryStream("1,2\n"u8.ToArray()), client.Token);
        await Eventually.HoldsAsync(() => AdmissionWaitsAsync(connection, transaction), "the upload's bytes are stored and its admission waits for the owner");
        var stored = (await FileKeysAsync(objects)).Except(before).Should().ContainSingle("the bytes are stored before the row").Subject;

        await client.CancelAsync();
        await using (var other = new NpgsqlCommand($"insert into {FileTable.Name} values ($1, $2, 'other.bin', 300000, 'application/octet-stream', '', now())",
                         connection, transaction))
        {
            other.Parameters.AddWithValue(Guid.NewGuid());
            other.Parameters.AddWithValue(user.Id);
            await other.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        await Record.ExceptionAsync(() => upload);

        await Eventually.HoldsAsync(async () => !(await FileKeysAsync(objects)).Contains(stored), "the refused file's bytes are removed");
    }

    private static async Task<IReadOnlySet<string>> FileKeysAsync(IObjectStore objects) =>
        (await objects.ListAsync(UserFiles.Prefix, CancellationToken.None)).Select(o => o.Key).ToHashSet();

    private static async Task<bool> AdmissionWaitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var waiting = new NpgsqlCommand(
            "select exists (select 1 from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database()))",
            connection, transaction);
        return (bool)(await waiting.ExecuteScalarAsync())!;
    }

    private async Task<HttpClient> NewUserAsync() => platform.Application.HttpWithKey(await platform.Application.CreateApiKeyAsync());

    internal static SubmitJobRequest TrainingOn(Guid fileId, int epochs = 5) =>
        new(JobTypes.Training, JsonSerializer.SerializeToElement(new { epochs, datasetFile = new { file = fileId } }));

    private static async Task<Job> SubmitAsync(HttpClient http, SubmitJobRequest request)
    {
        var response = await http.PostAsJsonAsync("api/v1/jobs", request, PlatformJson.Options);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Job>(PlatformJson.Options))!;
    }

    internal static async Task<UserFile> UploadAsync(HttpClient http, byte[] content, string name, string contentType)
    {
        var response = await PostRawAsync(http, content, name, contentType);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<UserFile>(PlatformJson.Options))!;
    }

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient http, byte[] content, string name, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return http.PostAsync($"api/v1/files?name={Uri.EscapeDataString(name)}", body);
    }

    private static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (field is not null)
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(field);
        return problem;
    }

    private static async Task ShouldHoldFilesAsync(HttpClient http, int count) =>
        (await http.GetFromJsonAsync<Page<UserFile>>("api/v1/files", PlatformJson.Options))!.Total.Should().Be(count);
}
