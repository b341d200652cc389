using System.Text;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Client;

/// <summary>A host with one remote type, <c>echo</c>, that fails for good on its first failure, and a lease of two seconds.</summary>
public sealed class EchoTypeFixture() : PlatformFixture("client-worker", new Dictionary<string, string?>
{
    [$"Jobs:RemoteTypes:{Type}:Description"] = "Answers its text and the uploaded document it names.",
    [$"Jobs:RemoteTypes:{Type}:InputSchema"] = """
        {
          "type": "object",
          "additionalProperties": false,
          "properties": { "text": { "type": "string" }, "document": { "x-file": { "accept": ["text/*"] } } }
        }
        """,
    [$"Jobs:Types:{Type}:MaxAttempts"] = "1",
    ["Jobs:Lease"] = Lease.ToString(),
})
{
    public const string Type = "echo";
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
}

public sealed class PlatformWorkerTests(EchoTypeFixture fixture) : IClassFixture<EchoTypeFixture>
{
    private PlatformApplication App => fixture.Application;

    [Fact]
    public async Task A_worker_runs_a_job_with_its_progress_a_log_line_an_artifact_and_its_output()
    {
        var client = await WorkerClientAsync();
        var document = await client.UploadFileAsync(new MemoryStream("four score"u8.ToArray()), "speech.txt", "text/plain");
        var submitted = await client.SubmitAsync(Echo(new { text = "and seven", document = new { file = document.Id } }));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);

        await using (RunningWorker.Start(client, "echo-worker", async (job, stopping) =>
        {
            var read = Encoding.UTF8.GetString(await job.ReadFileAsync(job.Input.GetProperty("document"), stopping));
            await job.ReportProgressAsync(50, "read the document", new() { ["characters"] = read.Length }, stopping);
            await job.LogAsync($"read {read.Length} characters", ct: stopping);
            await job.UploadArtifactAsync("echo.txt", Encoding.UTF8.GetBytes(read.ToUpperInvariant()), "text/plain", stopping);
            return JsonSerializer.SerializeToElement(new { echo = $"{read} {job.Input.GetProperty("text").GetString()}" });
        }))
        {
            (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Succeeded);
        }

        watcher.Received.Should().Contain(e => e.Kind == JobEventKind.Progressed && e.Metrics!["characters"] == 10, "progress arrives live");
        var job = await client.GetJobAsync(submitted.Id);
        job.Output!.Value.GetProperty("echo").GetString().Should().Be("four score and seven");
        job.Artifacts.Should().ContainSingle().Which.Should().Be(new JobArtifact("echo.txt", "text/plain", 10));
        (await client.DownloadArtifactAsync(job.Id, "echo.txt")).Should().Equal("FOUR SCORE"u8.ToArray());
        (await client.GetLogsAsync(job.Id)).Items.Should().Contain(line => line.Message == "read 10 characters");
    }

    [Fact]
    public async Task Cancelling_a_job_fires_its_handlers_token_after_a_quiet_spell_longer_than_the_lease_and_the_job_ends_cancelled()
    {
        var client = await WorkerClientAsync();
        var submitted = await client.SubmitAsync(Echo(new { text = "forever" }));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        var stopped = new TaskCompletionSource<RemoteJobStop?>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var worker = RunningWorker.Start(client, "patient-worker", (job, stopping) => ReportThenWaitAsync(job, stopping, stopped));
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed);
        // Quiet for longer than a lease: the worker keeps it by itself.
        await Task.Delay(EchoTypeFixture.Lease + TimeSpan.FromSeconds(0.5));
        await client.CancelAsync(submitted.Id);

        (await stopped.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be(RemoteJobStop.Cancelled, "the cancel is heard at once");
        (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Cancelled);
        watcher.Stored.Where(e => e.Kind == JobEventKind.Started).Should().ContainSingle("the job never left its worker");
    }

    [Fact]
    public async Task Stopping_a_worker_hands_back_the_job_it_holds_and_another_worker_finishes_it()
    {
        var client = await WorkerClientAsync();
        var submitted = await client.SubmitAsync(Echo(new { text = "relay" }));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        var stopped = new TaskCompletionSource<RemoteJobStop?>(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = RunningWorker.Start(client, "leaving-worker", (job, stopping) => ReportThenWaitAsync(job, stopping, stopped));
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed);
        await first.DisposeAsync();

        (await stopped.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be(RemoteJobStop.Shutdown);
        (await client.GetJobAsync(submitted.Id)).Status.Should().Be(JobStatus.Queued, "the job was handed back as the worker stopped");
        await using (RunningWorker.Start(client, "staying-worker", (job, _) =>
            Task.FromResult<JsonElement?>(JsonSerializer.SerializeToElement(new { echo = job.Input.GetProperty("text").GetString() }))))
        {
            (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Succeeded);
        }
        watcher.Stored.Where(e => e.Kind == JobEventKind.Started).Select(e => e.Message)
            .Should().Equal("started on worker leaving-worker", "recovered on worker staying-worker");
    }

    [Fact]
    public async Task A_handler_that_throws_fails_the_attempt_with_its_message()
    {
        var client = await WorkerClientAsync();
        var submitted = await client.SubmitAsync(Echo(new { text = "too long" }));

        await using (RunningWorker.Start(client, "failing-worker", (_, _) => throw new InvalidOperationException("the model ran out of memory")))
        {
            var failed = await client.WaitForCompletionAsync(submitted.Id, TimeSpan.FromSeconds(30));

            failed.Status.Should().Be(JobStatus.Failed);
            failed.Error.Should().Be("InvalidOperationException: the model ran out of memory");
        }
    }

    private async Task<PlatformClient> WorkerClientAsync()
    {
        var user = await App.CreateUserAsync();
        return (await user.WithApiKeyAsync(Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker)).Client;
    }

    private static SubmitJobRequest Echo(object input) => new(EchoTypeFixture.Type, JsonSerializer.SerializeToElement(input));

    // Watchers may see the progress before the handler hears its answer, so the stop is recorded however far it got; the
    // registration is kept, as the handler's end, run as the token fires, would otherwise take it away before it ran.
    private static async Task<JsonElement?> ReportThenWaitAsync(RemoteJob job, CancellationToken stopping, TaskCompletionSource<RemoteJobStop?> stopped)
    {
        stopping.Register(() => stopped.TrySetResult(job.StoppedBecause));
        await job.ReportProgressAsync(10, "started", ct: stopping);
        await Task.Delay(Timeout.Infinite, stopping);
        return null;
    }

    /// <summary>A worker running until disposed, which stops it and waits for it to have handed back what it held.</summary>
    private sealed class RunningWorker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        private Task _run = Task.CompletedTask;

        public static RunningWorker Start(PlatformClient client, string name, Func<RemoteJob, CancellationToken, Task<JsonElement?>> handler)
        {
            var running = new RunningWorker();
            var worker = new PlatformWorker(client, name, [EchoTypeFixture.Type]) { ClaimWait = TimeSpan.FromSeconds(1) };
            running._run = worker.RunAsync(handler, running._stopping.Token);
            return running;
        }

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
            _stopping.Dispose();
        }
    }
}
