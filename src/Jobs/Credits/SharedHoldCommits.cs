using System.Collections.Concurrent;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;

namespace Platform.Jobs.Credits;

/// <summary>
/// Submits that hold credits change their owner's balance row, which stays locked until their commit is flushed, so one
/// owner's submits commit one after another. Those that arrive while one of the owner's commits is being written share
/// the next one, as endings do (<see cref="JobWriter"/>): an owner's many callers pay one flush per batch, not one each.
/// When a shared commit fails (a hold that does not fit, a key taken), each submit of it is stored alone, and so learns
/// its own answer.
/// </summary>
public sealed class SharedHoldCommits(JobStore store)
{
    private const int MostPerCommit = 100;

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);

    /// <summary>Stores the submit as <see cref="JobStore.SubmitManyAsync"/> does, in a commit it may share with others of <paramref name="ownerId"/>.</summary>
    public Task<IReadOnlyList<(JobView View, JobEvent Submitted)>?> SubmitAsync(string ownerId, NewJobs submit)
    {
        var lane = _lanes.GetOrAdd(ownerId, _ => new Lane());
        var waiting = new Waiting(submit, new TaskCompletionSource<IReadOnlyList<(JobView, JobEvent)>?>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool leads;
        lock (lane)
        {
            lane.Queue.Add(waiting);
            leads = !lane.Writing;
            lane.Writing = true;
        }
        if (leads)
            _ = Task.Run(() => WriteAsync(lane));
        return waiting.Done.Task;
    }

    private async Task WriteAsync(Lane lane)
    {
        while (true)
        {
            List<Waiting> taken;
            lock (lane)
            {
                if (lane.Queue.Count == 0)
                {
                    lane.Writing = false;
                    return;
                }
                taken = lane.Queue.Take(MostPerCommit).ToList();
                lane.Queue.RemoveRange(0, taken.Count);
            }
            if (taken.Count > 1 && await store.SubmitTogetherAsync(taken.Select(w => w.Submit).ToList()) is { } stored)
            {
                for (var i = 0; i < taken.Count; i++)
                    taken[i].Done.TrySetResult(stored[i]);
                continue;
            }
            foreach (var alone in taken)
                await StoreAloneAsync(alone);
        }
    }

    private async Task StoreAloneAsync(Waiting waiting)
    {
        try
        {
            var (jobs, batch, idempotency, window) = waiting.Submit;
            waiting.Done.TrySetResult(await store.SubmitManyAsync(jobs, batch, idempotency, window, CancellationToken.None));
        }
        catch (Exception e)
        {
            waiting.Done.TrySetException(e);
        }
    }

    private sealed class Lane
    {
        public List<Waiting> Queue { get; } = [];
        public bool Writing { get; set; }
    }

    private sealed record Waiting(NewJobs Submit, TaskCompletionSource<IReadOnlyList<(JobView, JobEvent)>?> Done);
}
