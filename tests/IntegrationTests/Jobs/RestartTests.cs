using System.Text.Json;
using Marten;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.Jobs.Model;
using Platform.Jobs.Scheduling;

namespace Platform.IntegrationTests.Jobs;

public sealed class RestartTests
{
    private static readonly Dictionary<string, string?> AcceptOnly = new() { ["Jobs:RunWorkers"] = "false" };

    [Fact]
    public async Task A_job_queued_on_a_host_that_stopped_runs_on_the_next_host()
    {
        var first = await PlatformApplication.StartAsync("restart", AcceptOnly);
        var apiKey = await first.CreateApiKeyAsync();
        var submitted = await first.ClientWithKey(apiKey).SubmitAsync(new SubmitJobRequest(JobTypes.Generation,
            JsonSerializer.SerializeToElement(new { prompt = "survives a restart", width = 32, height = 32, steps = 4 })));

        await using var next = first.StartSibling();
        await first.DisposeAsync();
        var client = next.ClientWithKey(apiKey);
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        var finished = await watcher.WaitForFinishAsync();

        finished.Kind.Should().Be(JobEventKind.Succeeded);
        (await client.GetJobAsync(submitted.Id)).Attempt.Should().Be(1);
    }

    [Fact]
    public async Task A_job_committed_without_a_queue_row_is_queued_by_the_reconciler()
    {
        await using var host = await PlatformApplication.StartAsync("reconcile", new Dictionary<string, string?>
        {
            ["Jobs:ReconcileGrace"] = "00:00:00",
        });
        var jobId = Guid.CreateVersion7();
        var input = JsonSerializer.SerializeToElement(new { prompt = "stranded", width = 16, height = 16, steps = 2, seed = 1 });
        var owner = await host.CreateUserAsync();
        // As if restored from a backup or written by hand: the stream is committed, the queue row is missing.
        await using (var session = host.Service<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<JobView>(jobId,
                new JobSubmitted(JobTypes.Generation, input, 5, owner.Id.ToString(), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var scheduled = await host.Service<JobReconciler>().ReconcileAsync(CancellationToken.None);

        scheduled.Should().BeGreaterThanOrEqualTo(1);
        await using var watcher = await JobWatcher.StartAsync(owner.Client, jobId);
        (await watcher.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Succeeded);
        (await host.Service<JobReconciler>().ReconcileAsync(CancellationToken.None)).Should().Be(0, "nothing is left to schedule");
    }

    [Fact]
    public async Task A_job_running_on_a_host_that_shuts_down_is_finished_by_the_next_host()
    {
        var first = await PlatformApplication.StartAsync("handover");
        var apiKey = await first.CreateApiKeyAsync();
        var submitted = await first.ClientWithKey(apiKey).SubmitAsync(CancelJobTests.LongGeneration(steps: 40));
        await using (var watcher = await JobWatcher.StartAsync(first.ClientWithKey(apiKey), submitted.Id))
            await watcher.WaitForAsync(e => e.Kind == JobEventKind.Progressed);

        await first.DisposeAsync();
        await using var next = first.StartSibling();
        var client = next.ClientWithKey(apiKey);
        await using var finished = await JobWatcher.StartAsync(client, submitted.Id);
        (await finished.WaitForFinishAsync()).Kind.Should().Be(JobEventKind.Succeeded);

        var history = await client.GetEventsAsync(submitted.Id);
        history.Select(e => e.Kind).Should().ContainInOrder(
            JobEventKind.Started, JobEventKind.Requeued, JobEventKind.Started, JobEventKind.Succeeded);
        history.Select(e => e.Version).Should().Equal(Enumerable.Range(1, history.Count).Select(v => (long)v));
    }

    [Fact]
    public async Task A_subscriber_whose_host_restarts_reconnects_and_misses_nothing()
    {
        var first = await PlatformApplication.StartAsync("resume", AcceptOnly);
        var apiKey = await first.CreateApiKeyAsync();
        var client = first.ClientWithKey(apiKey);
        var submitted = await client.SubmitAsync(new SubmitJobRequest(JobTypes.Training,
            JsonSerializer.SerializeToElement(new { epochs = 30, samples = 100, features = 2, seed = 4 })));
        await using var watcher = await JobWatcher.StartAsync(client, submitted.Id);
        await watcher.WaitForAsync(e => e.Kind == JobEventKind.Submitted);

        await first.DisposeAsync();
        // The job runs while the subscriber is disconnected; it reconnects to the restarted host by itself.
        await using var restarted = first.Restart();
        var finished = await watcher.WaitForFinishAsync();

        finished.Kind.Should().Be(JobEventKind.Succeeded);
        var history = await restarted.ClientWithKey(apiKey).GetEventsAsync(submitted.Id);
        watcher.Stored.Select(e => e.Version).Should().Equal(history.Select(e => e.Version), "every stored event arrives once, in order");
    }
}
