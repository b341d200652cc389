namespace Platform.Host.Jobs;

/// <summary>
/// The event streams and long-polls each user holds open on this host: at most <c>Limits:MaxStreamsPerUser</c> at
/// once, so one caller cannot tie up a host's connections. A stream that ends frees its slot. Workers' waiting claims
/// and heartbeats have slots of their own (<paramref name="setting"/>, <paramref name="what"/>), so a fleet of workers
/// neither starves its owner's dashboards nor is starved by them.
/// </summary>
public sealed class StreamSlots(int maxPerUser, string setting = StreamSlots.Setting, string what = "event streams and long-polls")
{
    public const string Setting = $"{LimitsOptions.Section}:{nameof(LimitsOptions.MaxStreamsPerUser)}";

    private readonly Dictionary<string, int> _open = [];

    /// <summary>The answer to a user who holds every slot of theirs.</summary>
    public ProblemHttpResult Refusal => ApiProblems.Create(StatusCodes.Status429TooManyRequests, "too_many_streams", "Too many open streams.",
        $"At most {maxPerUser} {what} may be open at once per user on a host ({setting}); close one first.");

    /// <summary>One more slot of the user's, freed when disposed; null when they hold all of theirs.</summary>
    public IDisposable? TryTake(string userId)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(userId);
            if (open >= maxPerUser)
                return null;
            _open[userId] = open + 1;
        }
        return new Slot(this, userId);
    }

    /// <summary>How many slots the user holds now.</summary>
    public int OpenBy(string userId)
    {
        lock (_open)
            return _open.GetValueOrDefault(userId);
    }

    private void Free(string userId)
    {
        lock (_open)
        {
            if (_open[userId] == 1)
                _open.Remove(userId);
            else
                _open[userId]--;
        }
    }

    private sealed class Slot(StreamSlots slots, string userId) : IDisposable
    {
        private int _freed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _freed, 1) == 0)
                slots.Free(userId);
        }
    }
}

public static class StreamSlotsExtensions
{
    /// <summary>Bounds the event streams and long-polls each user holds open on this host (<c>Limits:MaxStreamsPerUser</c>).</summary>
    public static WebApplicationBuilder AddStreamSlots(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new StreamSlots(LimitsOptions.Add(builder).MaxStreamsPerUser));
        return builder;
    }
}
