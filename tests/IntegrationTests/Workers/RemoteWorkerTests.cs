using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;

namespace Platform.IntegrationTests.Workers;

/// <summary>A host that knows one remote type, <c>mandelbrot</c>, which only workers outside it run; its admin is made first.</summary>
public sealed class RemoteWorkFixture() : PlatformFixture("remote-work", Settings)
{
    public const string Type = "mandelbrot";

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        [$"Jobs:RemoteTypes:{Type}:Description"] = "Renders the Mandelbrot set as a greyscale PNG, band by band.",
        [$"Jobs:RemoteTypes:{Type}:InputSchema"] = """
            {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "width": { "type": "integer", "minimum": 8, "maximum": 2048, "default": 256 },
                "height": { "type": "integer", "minimum": 8, "maximum": 2048, "default": 256 },
                "iterations": { "type": "integer", "minimum": 1, "maximum": 5000, "default": 200 },
                "delayMs": { "type": "integer", "minimum": 0, "maximum": 1000, "default": 0 }
              }
            }
            """,
        ["Jobs:RemoteTypes:summarize:Description"] = "Summarizes an uploaded text document.",
        ["Jobs:RemoteTypes:summarize:InputSchema"] = """
            {
              "type": "object",
              "additionalProperties": false,
              "required": ["document"],
              "properties": { "document": { "x-file": { "accept": ["text/*"] } } }
            }
            """,
        ["Jobs:Lease"] = "00:00:03",
        ["Jobs:RetryDelay"] = "00:00:00.100",
        ["Jobs:MaxArtifactBytes"] = "65536",
    };

    public TestUser Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Application.CreateUserAsync();
    }
}

public sealed class RemoteWorkerTests(RemoteWorkFixture fixture) : IClassFixture<RemoteWorkFixture>
{
    private PlatformApplication App => fixture.Application;

    [Fact]
    public async Task A_python_worker_runs_a_remote_job_with_live_progress_and_its_artifact_and_stops_a_cancelled_one()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        await using var worker = PythonWorker.Start(App.ClientOptions.BaseAddress, key.Secret, "python-test");

        var rendered = await client.SubmitAsync(Mandelbrot(new { width = 48, height = 40, iterations = 60 }));
        await using (var watcher = await JobWatcher.StartAsync(client, rendered.Id))
        {
            var finished = await watcher.WaitForFinishAsync();
            finished.Kind.Should().Be(JobEventKind.Succeeded, worker.Output);
            watcher.Received.Should().Contain(e => e.Kind == JobEventKind.Progressed && e.Metrics!.ContainsKey("rows"), "progress arrives live");
            watcher.Stored.Should().Contain(e => e.Kind == JobEventKind.Started && e.Message == "started on worker python-test");
        }
        var job = await client.GetJobAsync(rendered.Id);
        job.Artifacts.Should().ContainSingle().Which.Should().Be(new JobArtifact("mandelbrot.png", "image/png", job.Artifacts[0].Size));
        job.Output!.Value.GetProperty("image").GetString().Should().Be("mandelbrot.png");
        using var http = App.HttpWithKey(key.Secret);
        var png = await http.GetByteArrayAsync($"api/v1/jobs/{rendered.Id}/artifacts/mandelbrot.png");
        png.Take(8).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);
        png.Length.Should().Be((int)job.Artifacts[0].Size);

        var slow = await client.SubmitAsync(Mandelbrot(new { width = 32, height = 200, iterations = 20, delayMs = 200 }));
        await using var slowWatcher = await JobWatcher.StartAsync(client, slow.Id);
        await slowWatcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.CancelAsync(slow.Id);
        (await slowWatcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Cancelled, worker.Output);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the worker learns of the cancel with its next report");
        (await client.GetJobAsync(slow.Id)).Progress.Should().BeLessThan(100);
    }

    [Fact]
    public async Task A_job_whose_worker_is_killed_is_finished_by_another_worker_with_both_runs_in_its_history()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var first = PythonWorker.Start(App.ClientOptions.BaseAddress, key.Secret, "doomed");
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 16, height = 100, iterations = 20, delayMs = 100 }));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed && !e.Transient);

        await first.DisposeAsync();
        await using var second = PythonWorker.Start(App.ClientOptions.BaseAddress, key.Secret, "survivor");

        (await watcher.WaitForFinishAsync(TimeSpan.FromSeconds(60))).Kind.Should().Be(JobEventKind.Succeeded, second.Output);
        var starts = (await client.GetEventsAsync(submitted.Id)).Where(e => e.Kind == JobEventKind.Started).ToList();
        starts.Select(e => e.Message).Should().Equal("started on worker doomed", "recovered on worker survivor");
        starts.Select(e => e.Attempt).Should().Equal(1, 1);
    }

    [Fact]
    public async Task An_admin_declares_a_remote_type_that_users_submit_and_workers_claim_and_removes_it_once_its_jobs_are_done()
    {
        using var admin = App.Http(fixture.Admin);
        var schema = JsonSerializer.SerializeToElement(new { type = "object", required = new[] { "image" }, properties = new { image = new { type = "string" } } });

        using var declared = await admin.PutAsJsonAsync("api/v1/admin/job-types/upscale", new DeclareJobTypeRequest("Upscales an image.", schema, 2, 60), PlatformJson.Options);
        using var builtIn = await admin.PutAsJsonAsync("api/v1/admin/job-types/generation", new DeclareJobTypeRequest("mine now", schema), PlatformJson.Options);
        using var broken = await admin.PutAsJsonAsync("api/v1/admin/job-types/broken", new DeclareJobTypeRequest("x", JsonSerializer.SerializeToElement(new { type = 12 })), PlatformJson.Options);

        declared.StatusCode.Should().Be(HttpStatusCode.OK, await declared.Content.ReadAsStringAsync());
        (await declared.Content.ReadFromJsonAsync<JobTypeInfo>(PlatformJson.Options)).Should().BeEquivalentTo(
            new { Name = "upscale", Runs = JobTypeRuns.Remote, MaxAttempts = 2, TimeoutSeconds = 60 });
        (await Problem(builtIn)).GetProperty("errors").TryGetProperty("name", out _).Should().BeTrue("a built-in type is not for declaring");
        (await Problem(broken)).GetProperty("errors").TryGetProperty("inputSchema", out _).Should().BeTrue();
        (await admin.GetStringAsync("api/v1/admin/audit?action=job_type.declared")).Should().Contain("upscale");

        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        (await client.ListJobTypesAsync()).Should().Contain(t => t.Name == "upscale" && t.Runs == JobTypeRuns.Remote);
        var missing = () => client.SubmitAsync(new SubmitJobRequest("upscale", JsonSerializer.SerializeToElement(new { })));
        (await missing.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("input.image");
        var submitted = await client.SubmitAsync(new SubmitJobRequest("upscale", JsonSerializer.SerializeToElement(new { image = "https://example.com/fox.png" })));
        var claimed = (await ClaimAsync(key.Secret, max: 1, types: ["upscale"])).Should().ContainSingle().Subject;
        claimed.JobId.Should().Be(submitted.Id);

        using (var inUse = await admin.DeleteAsync("api/v1/admin/job-types/upscale"))
            inUse.StatusCode.Should().Be(HttpStatusCode.Conflict, "a worker holds one of its jobs");
        using var http = App.HttpWithKey(key.Secret);
        using (var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), claimed.Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var removed = await admin.DeleteAsync("api/v1/admin/job-types/upscale"))
            removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var gone = () => client.GetJobTypeAsync("upscale");
        (await gone.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_remote_types_concurrency_holds_across_its_workers()
    {
        using var admin = App.Http(fixture.Admin);
        using (var declared = await admin.PutAsJsonAsync("api/v1/admin/job-types/licensed",
                   new DeclareJobTypeRequest("One licence, one run at a time.", JsonSerializer.SerializeToElement(new { type = "object" }), Concurrency: 1), PlatformJson.Options))
            declared.StatusCode.Should().Be(HttpStatusCode.OK);
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsWrite, Scopes.Worker);
        var first = await client.SubmitAsync(new SubmitJobRequest("licensed", JsonSerializer.SerializeToElement(new { })));
        var second = await client.SubmitAsync(new SubmitJobRequest("licensed", JsonSerializer.SerializeToElement(new { })));

        var one = await ClaimAsync(key.Secret, max: 5, worker: "a", types: ["licensed"]);
        var none = await ClaimAsync(key.Secret, max: 5, worker: "b", types: ["licensed"]);
        using var http = App.HttpWithKey(key.Secret);
        using (var done = await PostAsync(http, first.Id, "succeed", new SuccessReport(), one.Single().Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK);
        var next = await ClaimAsync(key.Secret, max: 5, worker: "b", types: ["licensed"]);

        one.Select(c => c.JobId).Should().Equal(first.Id);
        none.Should().BeEmpty("the one licence is taken, whichever worker asks");
        next.Select(c => c.JobId).Should().Equal(second.Id);
    }

    [Fact]
    public async Task A_failed_run_is_retried_by_the_jobs_rules_and_a_job_handed_back_resumes_in_the_same_attempt()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }) with { MaxAttempts = 2 });
        using var http = App.HttpWithKey(key.Secret);

        var first = (await ClaimAsync(key.Secret, max: 1)).Single();
        using (var failed = await PostAsync(http, submitted.Id, "fail", new FailureReport("CUDA out of memory"), first.Lease))
            (await failed.Content.ReadFromJsonAsync<WorkerAnswer>(PlatformJson.Options))!.Status.Should().Be(JobStatus.Queued, "one attempt is left");
        var second = (await ClaimAsync(key.Secret, max: 1, waitSeconds: 10)).Single();
        using (var released = await PostAsync(http, submitted.Id, "release", new { }, second.Lease))
            (await released.Content.ReadFromJsonAsync<WorkerAnswer>(PlatformJson.Options))!.Status.Should().Be(JobStatus.Queued);
        var third = (await ClaimAsync(key.Secret, max: 1, waitSeconds: 10)).Single();
        using (var failedAgain = await PostAsync(http, submitted.Id, "fail", new FailureReport("still out of memory"), third.Lease))
            (await failedAgain.Content.ReadFromJsonAsync<WorkerAnswer>(PlatformJson.Options))!.Status.Should().Be(JobStatus.Failed, "the last attempt's failure is final");

        (first.Attempt, second.Attempt, third.Attempt).Should().Be((1, 2, 2), "a job handed back resumes the attempt it was in");
        var job = await client.GetJobAsync(submitted.Id);
        (job.Status, job.Error).Should().Be((JobStatus.Failed, "still out of memory"));
        (await client.GetEventsAsync(submitted.Id)).Select(e => e.Kind).Should().ContainInOrder(
            JobEventKind.Started, JobEventKind.RetryScheduled, JobEventKind.Started, JobEventKind.Requeued, JobEventKind.Started, JobEventKind.Failed);
    }

    [Fact]
    public async Task An_artifact_over_the_size_limit_is_refused_and_one_within_it_is_kept_with_its_content_type()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Single();
        using var http = App.HttpWithKey(key.Secret);

        using var tooBig = await UploadAsync(http, submitted.Id, "weights.bin", new byte[65537], claimed.Lease);
        using var small = await UploadAsync(http, submitted.Id, "notes.txt", "fine"u8.ToArray(), claimed.Lease);
        using (var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), claimed.Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK);

        tooBig.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        small.StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetJobAsync(submitted.Id)).Artifacts.Should().Equal(new JobArtifact("notes.txt", "text/plain", 4));
    }

    [Fact]
    public async Task A_worker_downloads_the_file_its_job_names_and_no_other()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var document = await client.UploadFileAsync(new MemoryStream("A long story, briefly."u8.ToArray()), "story.txt", "text/plain");
        var unnamed = await client.UploadFileAsync(new MemoryStream("Not for this job."u8.ToArray()), "other.txt", "text/plain");
        var submitted = await client.SubmitAsync(new SubmitJobRequest("summarize", JsonSerializer.SerializeToElement(new { document = new { file = document.Id } })));
        var claimed = (await ClaimAsync(key.Secret, max: 1, types: ["summarize"])).Single();
        using var http = App.HttpWithKey(key.Secret);

        using var named = await GetFileAsync(http, submitted.Id, document.Id, claimed.Lease);
        using var other = await GetFileAsync(http, submitted.Id, unnamed.Id, claimed.Lease);

        named.StatusCode.Should().Be(HttpStatusCode.OK);
        (await named.Content.ReadAsByteArrayAsync()).Should().Equal("A long story, briefly."u8.ToArray());
        named.Content.Headers.ContentDisposition!.FileName.Should().Be("story.txt");
        other.StatusCode.Should().Be(HttpStatusCode.NotFound, "a worker reads what its job names, not everything of the job's owner");
        claimed.Input.GetProperty("document").GetProperty("file").GetGuid().Should().Be(document.Id);
        using (var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), claimed.Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_response_with_a_users_bytes_is_a_sandboxed_attachment_under_its_name_that_no_browser_sniffs()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        const string document = "märchen <1>.txt";
        var file = await client.UploadFileAsync(new MemoryStream("<script>alert(1)</script>"u8.ToArray()), document, "text/plain");
        var submitted = await client.SubmitAsync(new SubmitJobRequest("summarize", JsonSerializer.SerializeToElement(new { document = new { file = file.Id } })));
        var claimed = (await ClaimAsync(key.Secret, max: 1, types: ["summarize"])).Single();
        using var http = App.HttpWithKey(key.Secret);
        using var anyone = new HttpClient();

        var responses = new List<(string What, HttpResponseMessage Response, string Name)>
        {
            ("a worker's download of its job's file", await GetFileAsync(http, submitted.Id, file.Id, claimed.Lease), document),
        };
        using (var uploaded = await UploadAsync(http, submitted.Id, "summary.txt", "<html>fine</html>"u8.ToArray(), claimed.Lease))
            uploaded.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), claimed.Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK);
        responses.Add(("a file's content", await http.GetAsync($"api/v1/files/{file.Id}/content"), document));
        responses.Add(("a job's artifact", await http.GetAsync($"api/v1/jobs/{submitted.Id}/artifacts/summary.txt"), "summary.txt"));
        responses.Add(("a file's link", await anyone.GetAsync((await client.CreateFileLinkAsync(file.Id)).Url), document));
        responses.Add(("an artifact's link", await anyone.GetAsync((await client.CreateArtifactLinkAsync(submitted.Id, "summary.txt", once: true)).Url), "summary.txt"));

        foreach (var (what, response, name) in responses)
            using (response)
            {
                response.StatusCode.Should().Be(HttpStatusCode.OK, what);
                var policy = response.Headers.GetValues("Content-Security-Policy").Should().ContainSingle(what).Subject;
                policy.Split(';', StringSplitOptions.TrimEntries).Should().Contain(["sandbox", "default-src 'none'"], $"{what} never runs as a page of the site");
                response.Headers.GetValues("X-Content-Type-Options").Should().Equal(["nosniff"], what);
                var disposition = response.Content.Headers.ContentDisposition;
                (disposition?.DispositionType, disposition?.FileNameStar).Should().Be(("attachment", name), what);
            }
    }

    [Fact]
    public async Task A_python_worker_reads_the_uploaded_file_its_job_names()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        await using var worker = PythonWorker.Start(App.ClientOptions.BaseAddress, key.Secret, "python-reader", types: "summarize");
        var document = await client.UploadFileAsync(new MemoryStream("Files travel well. They go to workers\nanywhere."u8.ToArray()), "note.txt", "text/plain");

        var submitted = await client.SubmitAsync(new SubmitJobRequest("summarize", JsonSerializer.SerializeToElement(new { document = new { file = document.Id } })));
        var finished = await client.WaitForCompletionAsync(submitted.Id, TimeSpan.FromSeconds(60));

        finished.Status.Should().Be(JobStatus.Succeeded, worker.Output);
        finished.Output!.Value.GetProperty("words").GetInt32().Should().Be(8);
        finished.Output.Value.GetProperty("lines").GetInt32().Should().Be(2);
        finished.Output.Value.GetProperty("firstSentence").GetString().Should().Be("Files travel well");
    }

    private static Task<HttpResponseMessage> GetFileAsync(HttpClient http, Guid jobId, Guid fileId, string lease)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/worker/jobs/{jobId}/files/{fileId}");
        request.Headers.Add(JobLeaseHeader.Name, lease);
        return http.SendAsync(request);
    }

    [Fact]
    public async Task A_workers_key_runs_only_its_owners_jobs_and_an_admins_runs_everyones()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var (ownerClient, ownerKey) = await owner.WithApiKeyAsync(Scopes.JobsWrite, Scopes.Worker);
        var (_, strangerKey) = await stranger.WithApiKeyAsync(Scopes.Worker);
        var (_, adminKey) = await fixture.Admin.WithApiKeyAsync(Scopes.Worker);
        var first = await ownerClient.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var second = await ownerClient.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));

        (await ClaimAsync(strangerKey.Secret, max: 5)).Should().NotContain(c => c.JobId == first.Id || c.JobId == second.Id, "a private worker sees only its owner's jobs");
        var byOwner = await ClaimAsync(ownerKey.Secret, max: 1);
        var byAdmin = await ClaimAsync(adminKey.Secret, max: 5);

        byOwner.Should().ContainSingle().Which.JobId.Should().Be(first.Id, "the oldest goes first");
        byAdmin.Select(c => c.JobId).Should().Contain(second.Id, "an admin's worker serves every user");
        byAdmin.Single(c => c.JobId == second.Id).Input.GetProperty("iterations").GetInt32().Should().Be(200, "the schema's defaults are filled in");
    }

    [Fact]
    public async Task Admins_see_each_worker_with_its_types_the_jobs_it_holds_and_when_it_was_last_seen()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var before = DateTimeOffset.UtcNow;

        (await ClaimAsync(key.Secret, max: 1, worker: "seen-worker")).Should().ContainSingle().Which.JobId.Should().Be(submitted.Id);
        using var http = App.Http(fixture.Admin);
        var workers = await http.GetFromJsonAsync<IReadOnlyList<WorkerInfo>>("api/v1/admin/workers", PlatformJson.Options);

        var seen = workers!.Should().ContainSingle(w => w.Name == "seen-worker").Subject;
        seen.Should().BeEquivalentTo(new { OwnerId = user.Id.ToString(), Shared = false, Types = new[] { RemoteWorkFixture.Type }, JobsHeld = 1 });
        seen.LastSeenAt.Should().BeOnOrAfter(before.AddSeconds(-1));
    }

    [Fact]
    public async Task A_worker_waiting_on_a_heartbeat_learns_of_a_cancel_at_once()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Should().ContainSingle().Subject;
        using var http = App.HttpWithKey(key.Secret);
        using var idle = await PostAsync(http, submitted.Id, "heartbeat?waitSeconds=0", new { }, claimed.Lease);
        (await idle.Content.ReadFromJsonAsync<WorkerAnswer>(PlatformJson.Options))!.CancelRequested.Should().BeFalse();

        var waiting = PostAsync(http, submitted.Id, "heartbeat?waitSeconds=60", new { }, claimed.Lease);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.CancelAsync(submitted.Id);
        using var answered = await waiting;

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the cancel ends the wait, not the 60 s (a margin a busy machine keeps)");
        var answer = (await answered.Content.ReadFromJsonAsync<WorkerAnswer>(PlatformJson.Options))!;
        (answer.Status, answer.CancelRequested).Should().Be((JobStatus.Cancelling, true));
        using var released = await PostAsync(http, submitted.Id, "release", new { }, claimed.Lease);
        (await released.Content.ReadFromJsonAsync<WorkerAnswer>(PlatformJson.Options))!.Status.Should().Be(JobStatus.Cancelled);
    }

    [Fact]
    public async Task A_remote_run_longer_than_its_timeout_fails_as_timed_out_and_its_worker_is_let_go()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }) with { TimeoutSeconds = 1, MaxAttempts = 1 });
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Should().ContainSingle().Subject;
        using var http = App.HttpWithKey(key.Secret);

        // Time passing is what is under test: the worker keeps its lease alive, and the run outlasts its second.
        var answer = await Eventually.ReadAsync(async () =>
        {
            using var beat = await PostAsync(http, submitted.Id, "heartbeat", new { }, claimed.Lease);
            return beat.StatusCode;
        }, status => status != HttpStatusCode.OK, "the run outlasts its timeout", TimeSpan.FromSeconds(10));

        answer.Should().Be(HttpStatusCode.Conflict);
        var job = await client.GetJobAsync(submitted.Id);
        (job.Status, job.Error).Should().Be((JobStatus.Failed, "timed out after 00:00:01"));
    }

    [Fact]
    public async Task A_worker_cannot_act_on_a_job_it_does_not_hold_and_loses_one_whose_lease_ran_out()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Should().ContainSingle().Subject;
        using var http = App.HttpWithKey(key.Secret);

        using var forged = await PostAsync(http, submitted.Id, "progress", new ProgressReport(50), lease: "worker:someone:else");
        forged.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("lease_lost");
        using var held = await PostAsync(http, submitted.Id, "progress", new ProgressReport(50), claimed.Lease);
        held.StatusCode.Should().Be(HttpStatusCode.OK);

        // The worker goes silent past its lease: the next claim recovers the job in the same attempt, and the old lease is refused.
        var reclaimed = await Eventually.ReadAsync(() => ClaimAsync(key.Secret, max: 1, waitSeconds: 1), c => c.Count == 1, "the job is claimed again once its lease ran out");
        reclaimed[0].JobId.Should().Be(submitted.Id);
        reclaimed[0].Attempt.Should().Be(claimed.Attempt);
        using var late = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), claimed.Lease);
        late.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(JsonSerializer.SerializeToElement(new { ok = true })), reclaimed[0].Lease);
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        var history = await client.GetEventsAsync(submitted.Id);
        history.Where(e => e.Kind == JobEventKind.Started).Select(e => e.Message).Should().HaveCount(2).And.Contain(m => m!.StartsWith("recovered on worker"));
        (await client.GetJobAsync(submitted.Id)).Status.Should().Be(JobStatus.Succeeded);
    }

    [Fact]
    public async Task The_hosts_leave_remote_jobs_to_workers_and_list_the_type_as_remote()
    {
        var client = await App.CreatePlatformClientAsync();

        var type = await client.GetJobTypeAsync(RemoteWorkFixture.Type);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var refused = () => client.SubmitAsync(Mandelbrot(new { width = 4 }));

        type.Runs.Should().Be(JobTypeRuns.Remote);
        type.InputSchema.GetProperty("properties").GetProperty("iterations").GetProperty("default").GetInt32().Should().Be(200);
        (await refused.Should().ThrowAsync<PlatformApiException>()).Which.Errors.Should().ContainKey("input.width");
        // A built-in job queued after it has been claimed, run and finished: the host passed the remote one by.
        var builtIn = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Generation, JsonSerializer.SerializeToElement(new { prompt = "after", width = 16, height = 16, steps = 1 })));
        (await client.WaitForCompletionAsync(builtIn.Id, TimeSpan.FromSeconds(30))).Status.Should().Be(JobStatus.Succeeded);
        (await client.GetJobAsync(submitted.Id)).Status.Should().Be(JobStatus.Queued, "no host runs a remote type itself");
    }

    private async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string workerKey, int max, int waitSeconds = 0, string worker = "test worker",
        string[]? types = null)
    {
        using var http = App.HttpWithKey(workerKey);
        using var response = await http.PostAsJsonAsync("api/v1/worker/claim", new ClaimRequest(worker, types ?? [RemoteWorkFixture.Type], max, waitSeconds),
            PlatformJson.Options);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<IReadOnlyList<ClaimedJob>>(PlatformJson.Options))!;
    }

    private static Task<HttpResponseMessage> PostAsync<T>(HttpClient http, Guid jobId, string what, T body, string lease)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/worker/jobs/{jobId}/{what}") { Content = JsonContent.Create(body, options: PlatformJson.Options) };
        request.Headers.Add(JobLeaseHeader.Name, lease);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient http, Guid jobId, string name, byte[] content, string lease)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/v1/worker/jobs/{jobId}/artifacts/{name}") { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        request.Headers.Add(JobLeaseHeader.Name, lease);
        return http.SendAsync(request);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static SubmitJobRequest Mandelbrot(object input) => new(RemoteWorkFixture.Type, JsonSerializer.SerializeToElement(input));
}
