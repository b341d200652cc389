using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Files;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Hubs;
using Platform.IntegrationTests.Files;

namespace Platform.IntegrationTests.Safety;

/// <summary>Refused text stores nothing: counted before and after, with something sound sent after the refused to show the count moves.</summary>
public sealed partial class BadInputEverywhereTests
{
    [Fact]
    public async Task Text_a_jobs_input_cannot_store_is_refused_naming_the_field_and_no_job_is_stored()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        var client = platform.Application.ClientWithKey(apiKey);
        using var http = platform.Application.HttpWithKey(apiKey);
        var before = (await client.ListJobsAsync()).Total;

        foreach (var (what, value) in BadText.Unstorable)
        {
            var text = BadText.Json(value);
            (string Path, string Json, string Field)[] submits =
            [
                ("api/v1/jobs", $$$"""{"type":"generation","input":{"prompt":{{{text}}}}}""", "input.prompt"),
                ("api/v1/jobs", $$$"""{"type":"generation","input":{"prompt":"a cat","styles":["ink",{{{text}}}]}}""", "input.styles[1]"),
                ("api/v1/jobs", $$$"""{"type":"generation","input":{{{{text}}}:"a cat"}}""", "input"),
                ("api/v1/jobs", $$$"""{"type":{{{text}}},"input":{"prompt":"a cat"}}""", "type"),
                ("api/v1/jobs/batch", $$$"""{"jobs":[{"type":"generation","input":{"prompt":"a cat"}},{"type":"generation","input":{"prompt":{{{text}}}}}]}""", "jobs[1].input.prompt"),
            ];
            foreach (var (path, json, field) in submits)
            {
                using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
                var problem = await response.Content.ReadAsStringAsync();
                response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{what} in {field}: {problem}");
                Named(problem, field).Should().BeTrue($"{what} in {field} is named: {problem}");
            }
        }

        await client.SubmitAsync(new SubmitJobRequest("generation", System.Text.Json.JsonSerializer.SerializeToElement(new { prompt = "after the refused" })));
        (await client.ListJobsAsync()).Total.Should().Be(before + 1, "only the sound submit after the refused ones stored a job");
    }

    [Fact]
    public async Task Text_a_room_cannot_store_is_refused_naming_the_text_over_REST_and_both_hub_protocols_and_no_message_is_stored()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        var client = platform.Application.ClientWithKey(apiKey);
        var room = await client.CreateRoomAsync(new CreateRoomRequest("nothing stored"));
        using var http = platform.Application.HttpWithKey(apiKey);
        await using var json = await OpenHubAsync(apiKey, messagePack: false);
        await using var messagePack = await OpenHubAsync(apiKey, messagePack: true);
        var before = (await client.ListRoomMessagesAsync(room.Id)).Messages.Count;

        foreach (var (what, value) in BadText.Unstorable)
        {
            using var posted = await http.PostAsync($"api/v1/rooms/{room.Id}/messages",
                new StringContent($$"""{"text":{{BadText.Json(value)}}}""", Encoding.UTF8, "application/json"));
            var problem = await posted.Content.ReadAsStringAsync();
            posted.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{what} over REST: {problem}");
            Named(problem, "text").Should().BeTrue(problem);
            foreach (var hub in BadText.NeedsJson(value) ? [json] : new[] { json, messagePack })
                Reason((await hub.Invoking(h => h.InvokeAsync<ChatMessage>(nameof(JobsHub.PostToRoom), room.Id, value)).Should().ThrowAsync<HubException>($"{what} over the hub"))
                    .Which.Message).Should().StartWith("text must not contain a NUL character", "the refusal names the argument");
        }

        var marker = await messagePack.InvokeAsync<ChatMessage>(nameof(JobsHub.PostToRoom), room.Id, "after the refused");
        var messages = (await client.ListRoomMessagesAsync(room.Id)).Messages;
        messages.Should().HaveCount(before + 1, "only the sound message after the refused ones was stored");
        messages.Should().ContainSingle(m => m.Id == marker.Id);
    }

    [Fact]
    public async Task A_declared_content_type_or_upload_metadata_that_is_not_one_line_of_text_is_refused_naming_it_and_no_file_is_stored()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        var client = platform.Application.ClientWithKey(apiKey);
        using var http = platform.Application.HttpWithKey(apiKey);
        var before = (await client.ListFilesAsync()).Total;

        string[] notMediaTypes = ["text", "text/", "/plain", "text plain", "text/pl ain", "tëxt/plain", "text/plain; charset", "text/plain; charset=\"open", "text/plain,text/html", new string('a', 200) + "/" + new string('b', 100)];
        var badTypes = BadText.Unstorable.Where(u => !BadText.NeedsJson(u.Value)).Concat(BadText.Controls).Select(b => ("text/plain" + b.Value, b.What))
            .Concat(notMediaTypes.Select(t => (t, $"'{t[..Math.Min(t.Length, 20)]}'"))).ToList();
        foreach (var (type, what) in badTypes)
        {
            using var tus = await TusRequests.CreateAsync(http, 5, "notes.txt", type);
            await Refused(tus, $"{Tus.MetadataHeader}.{Tus.FileTypeKey}", $"{what} as a resumable upload's filetype");
            // A header carries neither a line break nor (from this client) anything but ASCII; Kestrel refuses a NUL in one itself.
            if (type.All(c => c is < '\u0080' and not ('\r' or '\n')))
            {
                using var part = await UploadAsync(http, "notes.txt", type, multipart: true);
                await Refused(part, "contentType", $"{what} as a multipart part's Content-Type");
                using var whole = await UploadAsync(http, "notes.txt", type, multipart: false);
                await Refused(whole, "contentType", $"{what} as an upload's Content-Type", serverMayRefuse: true);
            }
        }
        foreach (var (what, value) in BadText.Unstorable.Where(u => !BadText.NeedsJson(u.Value)).Concat(BadText.Controls))
        {
            using var named = await TusRequests.CreateAsync(http, 5, "notes" + value + ".txt");
            await Refused(named, $"{Tus.MetadataHeader}.{Tus.FileNameKey}", $"{what} in a resumable upload's filename");
            using var other = new HttpRequestMessage(HttpMethod.Post, "api/v1/uploads");
            other.Headers.Add(Tus.ResumableHeader, Tus.Version);
            other.Headers.Add(Tus.LengthHeader, "5");
            other.Headers.Add(Tus.MetadataHeader, Tus.EncodeMetadata(new Dictionary<string, string> { [Tus.FileNameKey] = "notes.txt", ["note"] = value }));
            using var noted = await http.SendAsync(other);
            await Refused(noted, $"{Tus.MetadataHeader}.note", $"{what} in another metadata value");
            using var queried = await http.PostAsync($"api/v1/files?name=notes{Uri.EscapeDataString(value)}.txt", new ByteArrayContent("hello"u8.ToArray()));
            await Refused(queried, "name", $"{what} in ?name=");
        }

        (await client.ListFilesAsync()).Total.Should().Be(before, "no refused upload stored a file");
        var location = await TusRequests.OpenAsync(http, 5, "notes.txt", "text/plain; charset=utf-8");
        using (var last = await TusRequests.PatchAsync(http, location, 0, "hello"u8.ToArray()))
            last.StatusCode.Should().Be(HttpStatusCode.NoContent, await last.Content.ReadAsStringAsync());
        var files = (await client.ListFilesAsync()).Items;
        files.Should().ContainSingle().Which.ContentType.Should().Be("text/plain");
        using var download = await http.GetAsync($"api/v1/files/{files[0].Id}/content");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Be("hello");
    }

    private static async Task Refused(HttpResponseMessage response, string field, string what, bool serverMayRefuse = false)
    {
        var problem = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{what}: {problem}");
        if (serverMayRefuse && problem.Length == 0)
            return;
        Named(problem, field).Should().BeTrue($"{what} is refused naming {field}: {problem}");
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient http, string name, string contentType, bool multipart)
    {
        var bytes = new ByteArrayContent("hello"u8.ToArray());
        bytes.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (!multipart)
            return http.PostAsync($"api/v1/files?name={name}", bytes);
        var form = new MultipartFormDataContent { { bytes, "file", name } };
        return http.PostAsync("api/v1/files", form);
    }

    private async Task<HubConnection> OpenHubAsync(string apiKey, bool messagePack)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(platform.Application.ClientOptions.BaseAddress, JobsHubPaths.Path.TrimStart('/')), o => o.Headers[ApiKeyHeader.Name] = apiKey);
        if (messagePack)
            builder.AddMessagePackProtocol(o => o.SerializerOptions = PlatformMessagePack.Options);
        else
            // As a browser's JSON.stringify sends it: an unpaired surrogate escaped, which System.Text.Json would refuse to write.
            builder.AddJsonProtocol(o => PlatformJson.Configure(o.PayloadSerializerOptions).Converters.Insert(0, new TextAsEscapedAscii()));
        var hub = builder.Build();
        await hub.StartAsync();
        return hub;
    }

    [Fact]
    public async Task Text_a_project_cannot_store_is_refused_naming_the_field_and_no_project_is_stored_or_changed()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        var client = platform.Application.ClientWithKey(apiKey);
        var project = await client.CreateProjectAsync(new Platform.Contracts.Projects.CreateProjectRequest("sound", "as it was"));
        using var http = platform.Application.HttpWithKey(apiKey);

        foreach (var (what, value) in BadText.Unstorable)
        {
            var text = BadText.Json(value);
            (HttpMethod Method, string Path, string Json, string Field)[] sends =
            [
                (HttpMethod.Post, "api/v1/projects", $$"""{"name":{{text}}}""", "name"),
                (HttpMethod.Post, "api/v1/projects", $$"""{"name":"fine","description":{{text}}}""", "description"),
                (HttpMethod.Patch, $"api/v1/projects/{project.Id}", $$"""{"name":{{text}}}""", "name"),
                (HttpMethod.Patch, $"api/v1/projects/{project.Id}", $$"""{"description":{{text}}}""", "description"),
                (HttpMethod.Post, $"api/v1/projects/{project.Id}/duplicate", $$"""{"name":{{text}}}""", "name"),
            ];
            foreach (var (method, path, json, field) in sends)
            {
                using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
                var problem = await response.Content.ReadAsStringAsync();
                response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{what} in {method} {path} {field}: {problem}");
                Named(problem, field).Should().BeTrue($"{what} in {field} is named: {problem}");
            }
        }

        (await client.ListProjectsAsync()).Should().ContainSingle().Which.Should().Match<Platform.Contracts.Projects.Project>(
            p => p.Name == "sound" && p.Description == "as it was");
    }
}
