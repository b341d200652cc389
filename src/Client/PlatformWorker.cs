using System.Net;
using System.Text.Json;
using Platform.Contracts.Workers;

namespace Platform.Client;

/// <summary>What became of a job a <see cref="PlatformWorker"/> ran.</summary>
public enum RemoteJobOutcome
{
    Succeeded,

    /// <summary>The handler threw: the attempt failed, and the job's retry rules decide what comes next.</summary>
    Failed,

    /// <summary>Told to stop (a cancel, or the worker shutting down): given back, to end cancelled or be queued again.</summary>
    HandedBack,

    /// <summary>The lease was gone (it ran out, or the job ended meanwhile), or the end could not be told: nothing left to report.</summary>
    Lost,
}

/// <summary>
/// Runs jobs of remote types until stopped, so a worker is a function from a job's input to its output: claims them (a
/// long poll), keeps each one's lease while its handler runs, ends it with the handler's output or error, and hands it
/// back when the platform says stop (a cancel) or the worker shuts down.
/// </summary>
/// <param name="name">Shown in job histories: 1 to 64 characters.</param>
/// <param name="types">The remote job types it runs.</param>
public sealed class PlatformWorker(PlatformClient client, string name, IReadOnlyList<string> types)
{
    /// <summary>The platform keeps at most this many characters of a failure (Jobs:Reports:MaxErrorLength) and refuses more.</summary>
    public const int MaxErrorLength = 4000;

    /// <summary>How many jobs it runs at once.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>How long a claim waits for a job when none is ready (whole seconds, 1 to 60); also how long shutting down may take while idle.</summary>
    public TimeSpan ClaimWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Hears what became of each job, with the error or reason, for logs.</summary>
    public Action<RemoteJob, RemoteJobOutcome, string?>? JobEnded { get; init; }

    /// <summary>
    /// Claims and runs jobs until <paramref name="stopping"/> fires, then tells the jobs in hand to stop, hands them
    /// back and returns. <paramref name="handler"/> answers a job's output; its token fires when the job must stop
    /// (<see cref="RemoteJob.StoppedBecause"/> says why), and a job whose handler throws fails its attempt with the
    /// exception's message. Throws when the platform refuses to claim for a reason asking again cannot change (a type
    /// that is not remote, a key without the worker scope).
    /// </summary>
    public async Task RunAsync(Func<RemoteJob, CancellationToken, Task<JsonElement?>> handler, CancellationToken stopping)
    {
        // A claim that does not wait answers at once when nothing is ready, and the loop would ask again and again.
        if (ClaimWait < TimeSpan.FromSeconds(1) || ClaimWait > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(ClaimWait), ClaimWait, "A claim waits from 1 to 60 seconds.");
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1, nameof(Concurrency));
        var held = new HashSet<RemoteJob>();
        using var shutdown = stopping.Register(() =>
        {
            // Stopping a job may run its handler's end at once, which takes it out of the set.
            RemoteJob[] inHand;
            lock (held)
                inHand = [.. held];
            foreach (var job in inHand)
                job.Stop(RemoteJobStop.Shutdown);
        });
        var running = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            running.RemoveAll(run => run.IsCompleted);
            if (running.Count >= Concurrency)
            {
                await Task.WhenAny(running);
                continue;
            }
            IReadOnlyList<ClaimedJob> claimed;
            try
            {
                // Not cut short on shutdown: a claim cut short could have taken a job that nobody would then hand back.
                claimed = await client.ClaimJobsAsync(
                    new ClaimRequest(name, types, Concurrency - running.Count, (int)ClaimWait.TotalSeconds), CancellationToken.None);
            }
            catch (Exception e) when (IsPassing(e))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            foreach (var one in claimed)
            {
                var job = new RemoteJob(client, one);
                lock (held)
                    held.Add(job);
                // Claimed as the worker began to shut down: handed back untouched.
                if (stopping.IsCancellationRequested)
                    job.Stop(RemoteJobStop.Shutdown);
                running.Add(Task.Run(async () =>
                {
                    await RunOneAsync(job, handler);
                    lock (held)
                        held.Remove(job);
                }, CancellationToken.None));
            }
        }
        await Task.WhenAll(running);
    }

    private async Task RunOneAsync(RemoteJob job, Func<RemoteJob, CancellationToken, Task<JsonElement?>> handler)
    {
        using var ended = new CancellationTokenSource();
        var renewing = KeepLeaseAsync(job, ended.Token);
        try
        {
            job.Stopping.ThrowIfCancellationRequested();
            var output = await handler(job, job.Stopping);
            // A job cancelled while its handler finished is handed back to end cancelled; on shutdown, work done is kept.
            if (job.StoppedBecause is RemoteJobStop.Cancelled or RemoteJobStop.LeaseLost)
                throw new OperationCanceledException(job.Stopping);
            await client.SucceedJobAsync(job.Id, job.Lease, new SuccessReport(output), CancellationToken.None);
            JobEnded?.Invoke(job, RemoteJobOutcome.Succeeded, null);
        }
        catch (Exception e)
        {
            await EndAsync(job, e);
        }
        finally
        {
            await ended.CancelAsync();
            await renewing;
        }
    }

    private async Task EndAsync(RemoteJob job, Exception error)
    {
        try
        {
            if (job.StoppedBecause is RemoteJobStop.LeaseLost || error is PlatformApiException { Status: HttpStatusCode.Conflict })
                JobEnded?.Invoke(job, RemoteJobOutcome.Lost, error.Message);
            else if (job.StoppedBecause is { } reason)
            {
                await client.ReleaseJobAsync(job.Id, job.Lease, CancellationToken.None);
                JobEnded?.Invoke(job, RemoteJobOutcome.HandedBack, reason.ToString());
            }
            else
            {
                var message = $"{error.GetType().Name}: {error.Message}";
                await client.FailJobAsync(job.Id, job.Lease, new FailureReport(message.Length > MaxErrorLength ? message[..MaxErrorLength] : message),
                    CancellationToken.None);
                JobEnded?.Invoke(job, RemoteJobOutcome.Failed, message);
            }
        }
        catch (Exception failure) when (failure is PlatformApiException or HttpRequestException)
        {
            JobEnded?.Invoke(job, RemoteJobOutcome.Lost, failure.Message);
        }
    }

    // Renews the lease until the job is ended with heartbeats that wait (the platform renews a waiting one's lease every
    // third of it), so a cancel is heard at once rather than at the next report. Once the job must stop, and where the
    // user's workers hold all the waiting calls the platform allows them, it renews without waiting, a third of the
    // lease before it runs out, so a handler slow to stop still hands its job back.
    private static async Task KeepLeaseAsync(RemoteJob job, CancellationToken ended)
    {
        try
        {
            while (job.StoppedBecause is not RemoteJobStop.LeaseLost)
            {
                if (job.StoppedBecause is null && await TryRenewAsync(job, TimeSpan.FromSeconds(10), ended))
                    continue;
                await Task.Delay(RenewIn(job), ended);
                await TryRenewAsync(job, null, ended);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
        }
    }

    // False when the platform refused or was out of reach (tried again well before the lease runs out), or the lease is gone.
    private static async Task<bool> TryRenewAsync(RemoteJob job, TimeSpan? wait, CancellationToken ended)
    {
        try
        {
            await job.RenewLeaseAsync(wait, ended);
            return true;
        }
        catch (PlatformApiException lost) when (lost.Status == HttpStatusCode.Conflict)
        {
            job.Stop(RemoteJobStop.LeaseLost);
            return false;
        }
        catch (Exception e) when (e is PlatformApiException or HttpRequestException || e is OperationCanceledException && !ended.IsCancellationRequested)
        {
            return false;
        }
    }

    private static TimeSpan RenewIn(RemoteJob job)
    {
        var third = (job.LeaseExpiresAt - DateTimeOffset.UtcNow) / 3;
        return third < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : third > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : third;
    }

    // A claim refused for a while (the platform busy or restarting, the network down) is asked again; a mistake is not.
    private static bool IsPassing(Exception e) => e switch
    {
        PlatformApiException refused => (int)refused.Status >= 500 || refused.Status == HttpStatusCode.TooManyRequests,
        HttpRequestException or TaskCanceledException => true,
        _ => false,
    };
}
