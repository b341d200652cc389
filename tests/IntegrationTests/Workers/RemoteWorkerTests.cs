using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Marten.Patching;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Workers;
using Platform.Host.Workers;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.RealTime;
using Platform.Jobs.Remote;
using Platform.Storage.Objects;

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
        ["Workers:MaxNamesPerOwner"] = "3",
        ["Workers:MaxWaitingPerUser"] = "2",
        ["Jobs:MaxArtifactsPerAttempt"] = "3",
        ["Jobs:MaxArtifactBytesPerAttempt"] = "100000",
        ["Jobs:Reports:MaxLogLinesPerJob"] = "3",
        ["Files:MaxBytesPerUser"] = "200000",
        // Every user's ledger starts with an entry, so the isolation walk has someone else's credits to look for.
        ["Credits:Allowances:standard"] = "100",
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
    public async Task A_declared_pattern_that_backtracks_without_end_answers_a_submit_at_once_with_a_400_naming_the_field()
    {
        using var admin = App.Http(fixture.Admin);
        var schema = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = new { name = new { type = "string", pattern = "(a+)+$" } },
            ["patternProperties"] = new Dictionary<string, object> { ["(b+)+$"] = new { type = "integer" } },
        });
        using (var declared = await admin.PutAsJsonAsync("api/v1/admin/job-types/backtracking", new DeclareJobTypeRequest("Backtracks.", schema), PlatformJson.Options))
            declared.StatusCode.Should().Be(HttpStatusCode.OK, await declared.Content.ReadAsStringAsync());
        var client = await App.CreatePlatformClientAsync();
        // Without the time limit, each of these holds its request for a minute or more.
        var (longValue, longName) = (new string('a', 27) + "!", new string('b', 27) + "!");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var byValue = () => client.SubmitAsync(new SubmitJobRequest("backtracking", JsonSerializer.SerializeToElement(new { name = longValue })));
        var refusedByValue = (await byValue.Should().ThrowAsync<PlatformApiException>()).Which;
        var byName = () => client.SubmitAsync(new SubmitJobRequest("backtracking", JsonSerializer.SerializeToElement(new Dictionary<string, int> { [longName] = 1 })));
        var refusedByName = (await byName.Should().ThrowAsync<PlatformApiException>()).Which;

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        refusedByValue.Status.Should().Be(HttpStatusCode.BadRequest);
        refusedByValue.Errors["input.name"].Single().Should().Contain("took too long to match the pattern (a+)+$");
        refusedByName.Status.Should().Be(HttpStatusCode.BadRequest);
        refusedByName.Errors[$"input.{longName}"].Single().Should().Contain("(b+)+$");
        var fine = await client.SubmitAsync(new SubmitJobRequest("backtracking", JsonSerializer.SerializeToElement(new { name = "aaa" })));
        await client.CancelAsync(fine.Id);
        using (var removed = await admin.DeleteAsync("api/v1/admin/job-types/backtracking"))
            removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_schema_larger_or_deeper_than_the_limits_is_refused_at_declaration_naming_inputSchema()
    {
        using var admin = App.Http(fixture.Admin);
        var large = JsonSerializer.SerializeToElement(new { type = "string", @enum = Enumerable.Range(0, 10_000).Select(i => $"value {i}") });
        object deep = new { type = "string" };
        for (var level = 0; level < 12; level++)
            deep = new { type = "object", properties = new { inner = deep } };

        foreach (var schema in new[] { large, JsonSerializer.SerializeToElement(deep) })
        {
            using var refused = await admin.PutAsJsonAsync("api/v1/admin/job-types/oversized", new DeclareJobTypeRequest("Too much.", schema), PlatformJson.Options);

            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await Problem(refused)).GetProperty("errors").GetProperty("inputSchema")[0].GetString().Should().StartWith("must");
        }
        using var gone = await admin.GetAsync("api/v1/job-types/oversized");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was declared");
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
    public async Task An_attempts_artifacts_are_bounded_in_count_and_bytes_and_nothing_past_them_or_without_the_lease_is_kept()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Single();
        using var http = App.HttpWithKey(key.Secret);

        using var forged = await UploadAsync(http, submitted.Id, "forged.txt", "x"u8.ToArray(), lease: "worker:someone:else");
        using var first = await UploadAsync(http, submitted.Id, "first.bin", new byte[60_000], claimed.Lease);
        using var pastBytes = await UploadAsync(http, submitted.Id, "second.bin", new byte[60_000], claimed.Lease);
        using var second = await UploadAsync(http, submitted.Id, "second.txt", "two"u8.ToArray(), claimed.Lease);
        using var third = await UploadAsync(http, submitted.Id, "third.txt", "three"u8.ToArray(), claimed.Lease);
        using var pastCount = await UploadAsync(http, submitted.Id, "fourth.txt", "four"u8.ToArray(), claimed.Lease);
        using var replaced = await UploadAsync(http, submitted.Id, "third.txt", "three again"u8.ToArray(), claimed.Lease);
        using (var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), claimed.Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK);

        forged.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (first.StatusCode, second.StatusCode, third.StatusCode, replaced.StatusCode).Should().Be((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK));
        (await Refusal(pastBytes, HttpStatusCode.RequestEntityTooLarge)).Should().Be("artifact_limit_reached");
        (await Refusal(pastCount, HttpStatusCode.RequestEntityTooLarge)).Should().Be("artifact_limit_reached");
        (await client.GetJobAsync(submitted.Id)).Artifacts.Select(a => (a.Name, a.Size)).Should().BeEquivalentTo([("first.bin", 60_000L), ("second.txt", 3L), ("third.txt", 11L)]);
        (await StoredArtifactsAsync(submitted.Id)).Should().Be(3, "nothing refused, replaced or forged is left in the store");
    }

    [Fact]
    public async Task Artifacts_take_their_owners_storage_quota_as_files_do()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        await client.UploadFileAsync(new MemoryStream(new byte[120_000]), "big.bin", "application/octet-stream");
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Single();
        using var http = App.HttpWithKey(key.Secret);

        using var kept = await UploadAsync(http, submitted.Id, "kept.bin", new byte[60_000], claimed.Lease);
        using var overQuota = await UploadAsync(http, submitted.Id, "over.bin", new byte[30_000], claimed.Lease);
        var fileOverQuota = () => client.UploadFileAsync(new MemoryStream(new byte[30_000]), "more.bin", "application/octet-stream");

        kept.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Refusal(overQuota, HttpStatusCode.RequestEntityTooLarge)).Should().Be("file_quota_reached");
        (await fileOverQuota.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge,
            "the artifact's bytes are the owner's as much as a file's");
        using (var failed = await PostAsync(http, submitted.Id, "fail", new FailureReport("no luck"), claimed.Lease))
            failed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.UploadFileAsync(new MemoryStream(new byte[30_000]), "more.bin", "application/octet-stream")).Size.Should().Be(30_000,
            "a failed attempt's artifacts free what they took");
    }

    [Fact]
    public async Task An_attempt_that_fails_is_released_or_loses_its_lease_leaves_none_of_its_artifacts_in_the_store()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }) with { MaxAttempts = 2 });
        using var http = App.HttpWithKey(key.Secret);

        var failing = (await ClaimAsync(key.Secret, max: 1)).Single();
        (await UploadAsync(http, submitted.Id, "failed.txt", "a"u8.ToArray(), failing.Lease)).StatusCode.Should().Be(HttpStatusCode.OK);
        using (var failed = await PostAsync(http, submitted.Id, "fail", new FailureReport("out of memory"), failing.Lease))
            failed.StatusCode.Should().Be(HttpStatusCode.OK);
        var afterFailure = await StoredArtifactsAsync(submitted.Id);

        var releasing = (await ClaimAsync(key.Secret, max: 1, waitSeconds: 10)).Single();
        (await UploadAsync(http, submitted.Id, "released.txt", "b"u8.ToArray(), releasing.Lease)).StatusCode.Should().Be(HttpStatusCode.OK);
        using (var released = await PostAsync(http, submitted.Id, "release", new { }, releasing.Lease))
            released.StatusCode.Should().Be(HttpStatusCode.OK);
        var afterRelease = await StoredArtifactsAsync(submitted.Id);

        var silent = (await ClaimAsync(key.Secret, max: 1, waitSeconds: 10)).Single();
        (await UploadAsync(http, submitted.Id, "lost.txt", "c"u8.ToArray(), silent.Lease)).StatusCode.Should().Be(HttpStatusCode.OK);
        var recovered = await Eventually.ReadAsync(() => ClaimAsync(key.Secret, max: 1, waitSeconds: 1), c => c.Count == 1, "the job is claimed again once its lease ran out");
        var afterRecovery = await StoredArtifactsAsync(submitted.Id);
        (await UploadAsync(http, submitted.Id, "kept.txt", "d"u8.ToArray(), recovered[0].Lease)).StatusCode.Should().Be(HttpStatusCode.OK);
        using (var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), recovered[0].Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK);

        (afterFailure, afterRelease, afterRecovery).Should().Be((0, 0, 0));
        (await client.GetJobAsync(submitted.Id)).Artifacts.Select(a => a.Name).Should().Equal("kept.txt");
        (await StoredArtifactsAsync(submitted.Id)).Should().Be(1);
    }

    [Fact]
    public async Task Reports_past_their_limits_are_refused_naming_the_field_and_change_nothing()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Single();
        using var http = App.HttpWithKey(key.Secret);
        var tooManyMetrics = Enumerable.Range(0, 33).ToDictionary(i => $"m{i}", i => (double)i);

        using var longMessage = await PostAsync(http, submitted.Id, "progress", new ProgressReport(10, new string('m', 1001)), claimed.Lease);
        using var manyMetrics = await PostAsync(http, submitted.Id, "progress", new ProgressReport(10, "ok", tooManyMetrics), claimed.Lease);
        using var longName = await PostAsync(http, submitted.Id, "progress", new ProgressReport(10, "ok", new() { [new string('n', 65)] = 1 }), claimed.Lease);
        using var longLine = await PostAsync(http, submitted.Id, "log", new LogReport(new string('l', 4001)), claimed.Lease);
        var lines = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            using var line = await PostAsync(http, submitted.Id, "log", new LogReport($"line {i}"), claimed.Lease);
            lines.Add(line.StatusCode);
        }
        using var longError = await PostAsync(http, submitted.Id, "fail", new FailureReport(new string('e', 4001)), claimed.Lease);
        using var bigOutput = await PostAsync(http, submitted.Id, "succeed",
            new SuccessReport(JsonSerializer.SerializeToElement(new { text = new string('o', 70_000) })), claimed.Lease);
        using (var done = await PostAsync(http, submitted.Id, "succeed", new SuccessReport(JsonSerializer.SerializeToElement(new { ok = true })), claimed.Lease))
            done.StatusCode.Should().Be(HttpStatusCode.OK, "the job was still running and held");

        (await Problem(longMessage)).GetProperty("errors").TryGetProperty("message", out _).Should().BeTrue();
        (await Problem(manyMetrics)).GetProperty("errors").TryGetProperty("metrics", out _).Should().BeTrue();
        (await Problem(longName)).GetProperty("errors").EnumerateObject().Should().ContainSingle().Which.Name.Should().StartWith("metrics.");
        (await Problem(longLine)).GetProperty("errors").GetProperty("message")[0].GetString().Should().Contain("Jobs:Reports:MaxLogLineLength");
        lines.Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest);
        (await Problem(longError)).GetProperty("errors").TryGetProperty("error", out _).Should().BeTrue();
        (await Problem(bigOutput)).GetProperty("errors").TryGetProperty("output", out _).Should().BeTrue();
        var history = await client.GetEventsAsync(submitted.Id);
        history.Where(e => e.Kind == JobEventKind.Logged).Select(e => e.Message).Should().Equal("line 1", "line 2", "line 3");
        history.Should().NotContain(e => e.Kind == JobEventKind.Progressed, "no refused progress was stored");
        (await client.GetJobAsync(submitted.Id)).Output!.Value.GetProperty("ok").GetBoolean().Should().BeTrue();
    }

    // The artifacts of the job in the host's object store, whatever its list of them says.
    private async Task<int> StoredArtifactsAsync(Guid jobId) => (await App.Service<IObjectStore>().ListAsync($"artifacts/{jobId:N}/", default)).Count;

    private static async Task<string?> Refusal(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
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
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }) with { TimeoutSeconds = 2, MaxAttempts = 1 });
        var claimed = (await ClaimAsync(key.Secret, max: 1)).Should().ContainSingle().Subject;
        using var http = App.HttpWithKey(key.Secret);
        using (var partial = await UploadAsync(http, submitted.Id, "partial.txt", "half"u8.ToArray(), claimed.Lease))
            partial.StatusCode.Should().Be(HttpStatusCode.OK);

        // Time passing is what is under test: the worker keeps its lease alive, and the run outlasts its two seconds.
        var answer = await Eventually.ReadAsync(async () =>
        {
            using var beat = await PostAsync(http, submitted.Id, "heartbeat", new { }, claimed.Lease);
            return beat.StatusCode;
        }, status => status != HttpStatusCode.OK, "the run outlasts its timeout", TimeSpan.FromSeconds(15));

        answer.Should().Be(HttpStatusCode.Conflict);
        var job = await client.GetJobAsync(submitted.Id);
        (job.Status, job.Error).Should().Be((JobStatus.Failed, "timed out after 00:00:02"));
        (await StoredArtifactsAsync(submitted.Id)).Should().Be(0, "a run that timed out keeps none of its artifacts");
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

    [Fact]
    public async Task A_users_workers_hold_at_most_their_share_of_waiting_requests_on_a_host_and_free_it_when_answered()
    {
        var user = await App.CreateUserAsync();
        var (client, key) = await user.WithApiKeyAsync(Scopes.JobsWrite, Scopes.Worker);
        using var http = App.HttpWithKey(key.Secret);
        using var stop = new CancellationTokenSource();
        var waiting = new[] { "first", "second" }.Select(name => WorkerCalls.ClaimAsync(http, name, [RemoteWorkFixture.Type], waitSeconds: 60, ct: stop.Token)).ToList();
        var waits = App.Service<WorkerWaits>();
        await Eventually.HoldsAsync(() => Task.FromResult(waits.HeldBy(user.Id.ToString()) == 2), "both claims wait");

        using var third = await WorkerCalls.PostClaimAsync(http, "first", [RemoteWorkFixture.Type], waitSeconds: 5);
        var submitted = await client.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var answered = await Task.WhenAny(waiting);
        var claimed = (await answered).Should().ContainSingle().Subject;
        using var beat = await PostAsync(http, submitted.Id, "heartbeat?waitSeconds=1", new { }, claimed.Lease);
        await stop.CancelAsync();
        using (await PostAsync(http, submitted.Id, "succeed", new SuccessReport(), claimed.Lease))
        {
        }

        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var problem = await third.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("too_many_streams");
        problem.GetProperty("detail").GetString().Should().Contain(WorkerWaits.Setting);
        claimed.JobId.Should().Be(submitted.Id);
        beat.StatusCode.Should().Be(HttpStatusCode.OK, "the answered claim freed its place for a waiting heartbeat");
        await Eventually.HoldsAsync(() => Task.FromResult(waits.HeldBy(user.Id.ToString()) == 0), "the claim let go ends its wait");
    }

    [Fact]
    public async Task A_queued_job_wakes_only_the_waiting_claims_that_could_take_it()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var (ownerClient, ownerKey) = await owner.WithApiKeyAsync(Scopes.JobsWrite, Scopes.Worker);
        var (strangerClient, strangerKey) = await stranger.WithApiKeyAsync(Scopes.JobsWrite, Scopes.Worker);
        using var ownersWorker = App.HttpWithKey(ownerKey.Secret);
        using var strangersWorker = App.HttpWithKey(strangerKey.Secret);
        using var stop = new CancellationTokenSource();
        var claims = App.Service<WaitingClaims>();
        var forOwnersJob = WorkerCalls.ClaimAsync(ownersWorker, "renderer", [RemoteWorkFixture.Type], waitSeconds: 60, ct: stop.Token);
        var forOtherType = WorkerCalls.ClaimAsync(ownersWorker, "summarizer", ["summarize"], waitSeconds: 60, ct: stop.Token);
        var forStrangersJob = WorkerCalls.ClaimAsync(strangersWorker, "renderer", [RemoteWorkFixture.Type], waitSeconds: 60, ct: stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(claims.Count == 3), "the three claims wait");
        var wokenBefore = claims.Woken;

        var ownersJob = await ownerClient.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var ownersClaim = (await forOwnersJob).Should().ContainSingle().Subject;
        // The stranger's job is the marker: its notice comes after the owner's, so every wake of the owner's is counted by then.
        var strangersJob = await strangerClient.SubmitAsync(Mandelbrot(new { width = 8, height = 8 }));
        var strangersClaim = (await forStrangersJob).Should().ContainSingle().Subject;
        var woken = claims.Woken - wokenBefore;
        var otherTypeAnswered = forOtherType.IsCompleted;
        await stop.CancelAsync();
        using (await PostAsync(ownersWorker, ownersJob.Id, "succeed", new SuccessReport(), ownersClaim.Lease))
        using (await PostAsync(strangersWorker, strangersJob.Id, "succeed", new SuccessReport(), strangersClaim.Lease))
        {
        }

        (ownersClaim.JobId, strangersClaim.JobId).Should().Be((ownersJob.Id, strangersJob.Id));
        woken.Should().Be(2, "each job woke the one claim that could take it, neither the other owner's nor the other type's");
        otherTypeAnswered.Should().BeFalse("nothing answered the claim for another type");
    }

    [Fact]
    public async Task A_new_worker_name_past_the_owners_bound_is_refused_until_one_unseen_for_long_is_forgotten()
    {
        var user = await App.CreateUserAsync();
        var (_, key) = await user.WithApiKeyAsync(Scopes.Worker);
        using var http = App.HttpWithKey(key.Secret);
        foreach (var name in new[] { "one", "two", "three" })
            await WorkerCalls.ClaimAsync(http, name, [RemoteWorkFixture.Type]);

        using var fourth = await WorkerCalls.PostClaimAsync(http, "four", [RemoteWorkFixture.Type]);
        await WorkerCalls.ClaimAsync(http, "one", [RemoteWorkFixture.Type]);
        await using (var documents = App.Service<IDocumentStore>().LightweightSession())
        {
            documents.Patch<WorkerRecord>(WorkerRecord.IdOf(user.Id.ToString(), "two")).Set(w => w.LastSeenAt, DateTimeOffset.UtcNow.AddDays(-8));
            await documents.SaveChangesAsync();
        }
        var forgotten = await App.Service<ForgottenWorkers>().DeleteDueAsync(CancellationToken.None);
        using var admin = App.Http(fixture.Admin);
        var listed = (await admin.GetFromJsonAsync<IReadOnlyList<WorkerInfo>>("api/v1/admin/workers", PlatformJson.Options))!
            .Where(w => w.OwnerId == user.Id.ToString()).Select(w => w.Name).ToList();
        using var fourthAgain = await WorkerCalls.PostClaimAsync(http, "four", [RemoteWorkFixture.Type]);

        fourth.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await fourth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("worker")[0].GetString()
            .Should().Contain("Workers:MaxNamesPerOwner");
        forgotten.Should().BeGreaterThanOrEqualTo(1);
        listed.Should().BeEquivalentTo("one", "three");
        fourthAgain.StatusCode.Should().Be(HttpStatusCode.OK, "the forgotten name's place is free");
    }

    private async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string workerKey, int max, int waitSeconds = 0, string worker = "test worker",
        string[]? types = null)
    {
        using var http = App.HttpWithKey(workerKey);
        return await WorkerCalls.ClaimAsync(http, worker, types ?? [RemoteWorkFixture.Type], max, waitSeconds);
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
