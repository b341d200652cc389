using Platform.Host.Jobs;
using Platform.Jobs.Remote;

namespace Platform.Host.Workers;

/// <summary>
/// Worker requests that wait (a claim long-poll, a heartbeat with <c>waitSeconds</c>), held as streams are: at most
/// <see cref="WorkersOptions.MaxWaitingPerUser"/> per user on a host, and closed, on every host, when the access they
/// came with ends (the key revoked, its owner disabled or no longer an admin).
/// </summary>
public sealed class WorkerWaits(IOptions<WorkersOptions> options, OpenAccess open)
{
    public const string Setting = $"{WorkersOptions.Section}:{nameof(WorkersOptions.MaxWaitingPerUser)}";

    private readonly StreamSlots _slots = new(options.Value.MaxWaitingPerUser, Setting, "waiting worker claims and heartbeats");

    /// <summary>The answer to a user whose workers hold every slot of theirs.</summary>
    public ProblemHttpResult Refusal => _slots.Refusal;

    /// <summary>How many waiting requests the user's workers hold on this host now.</summary>
    public int HeldBy(string userId) => _slots.OpenBy(userId);

    /// <summary>Holds <paramref name="context"/> until disposed; null when its user's workers hold all their slots.</summary>
    public IDisposable? TryHold(HttpContext context)
    {
        var slot = _slots.TryTake(context.User.OwnerId());
        return slot is null ? null : new Held(slot, open.Hold(context));
    }

    private sealed class Held(IDisposable slot, IDisposable access) : IDisposable
    {
        public void Dispose()
        {
            access.Dispose();
            slot.Dispose();
        }
    }
}
