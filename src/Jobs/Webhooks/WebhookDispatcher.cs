using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Webhooks;
using Platform.Jobs.Running;
using Platform.Storage.Webhooks;

namespace Platform.Jobs.Webhooks;

/// <summary>
/// A host's share of webhook calls: claims due calls from the outbox as it has room, owners in turn and at most
/// <see cref="WebhooksOptions.InFlightPerOwner"/> of one owner's at once, makes each attempt, and records it, scheduling
/// a retry with backoff or ending the call. It wakes when any host adds a call (PostgreSQL NOTIFY),
/// when one of its attempts ends, and every <see cref="WebhooksOptions.PollInterval"/> for retries that came due.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookOutbox outbox, WebhookSecrets secrets, WebhookSender sender, WebhooksOptions options, TimeProvider clock, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private readonly ClaimLoop _loop = new("webhook calls", outbox.ListenAsync, options.PollInterval, clock, logger);
    // Calls being made, by owner; attempts end on other threads, so it is read and changed under its own lock.
    private readonly Dictionary<string, int> _inFlight = [];
    private readonly List<Task> _attempts = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cleaning = CleanUpAsync(stoppingToken);
        await _loop.RunAsync(ClaimAsync, stoppingToken);
        await Task.WhenAll(_attempts);
        await cleaning;
    }

    private async Task<bool> ClaimAsync(CancellationToken stoppingToken)
    {
        _attempts.RemoveAll(attempt => attempt.IsCompleted);
        var inFlight = InFlight();
        var room = options.Concurrency - inFlight.Values.Sum();
        if (room <= 0)
            return false;
        var claimed = await outbox.ClaimAsync(room, options.InFlightPerOwner, inFlight, options.Lease, stoppingToken);
        foreach (var call in claimed)
        {
            Count(call.OwnerId, +1);
            _attempts.Add(AttemptAsync(call, stoppingToken));
        }
        return claimed.Count > 0 && claimed.Count == room;
    }

    // Every host does it; deleting what another host already deleted costs nothing.
    private async Task CleanUpAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CleanupInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await outbox.DeleteFinishedAsync(options.Retention, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Deleting old webhook calls failed ({Error}); trying again later", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AttemptAsync(ClaimedCall call, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var startedAt = clock.GetUtcNow();
        try
        {
            var secret = await secrets.GetOrCreateAsync(call.OwnerId, stoppingToken);
            var (attempt, final) = await sender.SendAsync(call, secret, stoppingToken);
            var retryAt = attempt.Error is null || final || call.Attempt >= options.MaxAttempts
                ? (DateTimeOffset?)null
                : clock.GetUtcNow() + Backoff.For(call.Attempt, options.RetryDelay, options.RetryMaxDelay);
            await outbox.RecordAsync(call, attempt, retryAt, CancellationToken.None);
            if (attempt.Error is not null)
                logger.LogInformation("Webhook call {CallId} of job {JobId}, attempt {Attempt}: {Error}", call.Id, call.JobId, call.Attempt, attempt.Error);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Hand the call to the other hosts now rather than when the lease ends; a host that dies outright leaves that to the lease.
            var interrupted = new WebhookAttempt(
                call.Attempt, startedAt, null, "interrupted: the host shut down", (int)(clock.GetUtcNow() - startedAt).TotalMilliseconds);
            try
            {
                await outbox.RecordAsync(call, interrupted, clock.GetUtcNow(), CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning("Webhook call {CallId} was interrupted and could not be handed over ({Error}); its lease runs out instead", call.Id, e.Message);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Webhook call {CallId} of job {JobId} could not be attempted; its lease runs out and it is tried again", call.Id, call.JobId);
        }
        finally
        {
            Count(call.OwnerId, -1);
            _loop.Wake();
        }
    }

    private Dictionary<string, int> InFlight()
    {
        lock (_inFlight)
            return new Dictionary<string, int>(_inFlight);
    }

    private void Count(string ownerId, int change)
    {
        lock (_inFlight)
        {
            var calls = _inFlight.GetValueOrDefault(ownerId) + change;
            if (calls == 0)
                _inFlight.Remove(ownerId);
            else
                _inFlight[ownerId] = calls;
        }
    }
}
