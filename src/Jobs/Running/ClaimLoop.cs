using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.Jobs.Running;

/// <summary>
/// A host's cycle of claiming work from a shared table: claim a batch, hand it over, and claim again at once while
/// batches come back full; otherwise wait until woken (a PostgreSQL NOTIFY from any host, or <see cref="Wake"/> when
/// room frees up here) or <c>pollInterval</c> passes, which picks up what came due or lost its lease. After a failed
/// claim it waits one <c>pollInterval</c>; it stops when the host does.
/// </summary>
public sealed class ClaimLoop(
    string what, Func<Action, CancellationToken, Task<NpgsqlConnection>> listen, TimeSpan pollInterval, TimeProvider clock, ILogger logger)
{
    private TaskCompletionSource _woken = NewSignal();

    /// <summary>Ends the current wait, or the next one if none is under way.</summary>
    public void Wake() => Volatile.Read(ref _woken).TrySetResult();

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> is cancelled; <paramref name="claimBatch"/> claims and hands over one
    /// batch and answers whether it was full, so that more may be waiting.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task<bool>> claimBatch, CancellationToken stoppingToken)
    {
        var listening = Wakeups.ListenAsync(listen, Wake, pollInterval, clock, logger, what, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await claimBatch(stoppingToken))
                    continue;
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogWarning("Claiming {What} failed ({Error}); trying again", what, e.Message);
                await Task.Delay(pollInterval, clock, CancellationToken.None);
            }
        }
        await listening;
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        var woken = Volatile.Read(ref _woken);
        try
        {
            await woken.Task.WaitAsync(pollInterval, clock, stoppingToken);
        }
        catch (TimeoutException)
        {
            return;
        }
        // Reset before the next claim begins: a wake during that claim is kept for the wait after it, as the claim may have missed what it announced.
        Interlocked.CompareExchange(ref _woken, NewSignal(), woken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
