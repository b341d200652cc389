using Platform.Contracts.Jobs;

namespace Platform.Client;

/// <summary>
/// Waits for a job to end: over the hub when it can connect, checking the job over HTTP now and then in case the
/// hub falls silent; by long-polling <c>GET /jobs/{id}?waitForChange</c> when it cannot connect at all.
/// </summary>
internal static class JobCompletion
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CheckWhileLive = TimeSpan.FromSeconds(15);

    public static async Task<Job> WaitAsync(PlatformClient client, Guid jobId, CancellationToken ct)
    {
        var job = await client.GetJobAsync(jobId, ct);
        if (job.Status.IsFinished())
            return job;

        var live = client.CreateLiveConnection();
        await using (live)
        {
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            live.JobEventReceived += jobEvent =>
            {
                if (jobEvent.JobId == jobId && !jobEvent.Transient && jobEvent.Status.IsFinished())
                    ended.TrySetResult();
                return Task.CompletedTask;
            };
            var connected = await TryConnectAsync(live, jobId, job.Version, ct);
            while (connected)
            {
                await Task.WhenAny(ended.Task, Task.Delay(CheckWhileLive, ct));
                ct.ThrowIfCancellationRequested();
                job = await client.GetJobAsync(jobId, ct);
                if (job.Status.IsFinished())
                    return job;
            }
        }

        while (!job.Status.IsFinished())
            job = await client.WaitForChangeAsync(jobId, job.Version, LongPoll, ct);
        return job;
    }

    private static async Task<bool> TryConnectAsync(PlatformLiveConnection live, Guid jobId, long afterVersion, CancellationToken ct)
    {
        try
        {
            await live.StartAsync(ct);
            await live.SubscribeJobAsync(jobId, afterVersion, ct);
            return true;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // No WebSockets through this proxy, a hub that refuses: HTTP still answers.
            return false;
        }
    }
}
