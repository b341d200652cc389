using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Admin;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;

namespace Platform.Client;

/// <summary>
/// One hub connection for everything live: job events, notifications, presence and chat rooms. Add handlers, then
/// <see cref="StartAsync"/>. It reconnects by itself for as long as it lives; once back it joins its rooms again and
/// resumes each job subscription after the last stored version it delivered, so every stored event of a subscribed job
/// arrives once and in order. Calls the hub refuses (an unknown job, a bad room name) throw <see cref="HubException"/>.
/// </summary>
public sealed class PlatformLiveConnection : IAsyncDisposable
{
    private const int RestoreAttempts = 3;
    private static readonly TimeSpan RestoreRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly HubConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, WatchedJob> _jobs = [];
    private readonly HashSet<string> _rooms = [];
    private readonly SemaphoreSlim _deliver = new(1, 1);
    private bool _allMyJobs;
    private bool _overview;

    // Stored rooms watched, each with the sequence number of the last message delivered.
    private readonly Dictionary<Guid, long> _storedRooms = [];

    internal PlatformLiveConnection(Uri hubUrl, PlatformCredentials credentials)
    {
        _connection = PlatformHub.Build(hubUrl, credentials);
        _connection.On<JobEvent>(nameof(IJobsClient.JobEvent), jobEvent => DeliverAsync(() => Accept(jobEvent) ? jobEvent : null));
        _connection.On<JobTick>(nameof(IJobsClient.JobTicked), tick => DeliverAsync(() => Accept(tick)));
        _connection.On<Notification>(nameof(IJobsClient.Notification), notification => RaiseAsync(NotificationReceived, notification));
        _connection.On<PresenceChange>(nameof(IJobsClient.PresenceChanged), change => RaiseAsync(PresenceChanged, change));
        _connection.On<RoomMessage>(nameof(IJobsClient.RoomMessage), message => RaiseAsync(RoomMessageReceived, message));
        _connection.On<TypingIndicator>(nameof(IJobsClient.Typing), typing => RaiseAsync(TypingReceived, typing));
        _connection.On<ClusterOverview>(nameof(IJobsClient.Overview), overview => RaiseAsync(OverviewReceived, overview));
        _connection.On<ChatMessage>(nameof(IJobsClient.ChatMessage), message =>
            Accept(message) is { } accepted ? RaiseAsync(ChatMessageReceived, accepted) : Task.CompletedTask);
        _connection.On<ChatMessage>(nameof(IJobsClient.ChatMessageChanged), message => RaiseAsync(ChatMessageChanged, message));
        _connection.On<RoomTyping>(nameof(IJobsClient.RoomTyping), typing => RaiseAsync(RoomTypingReceived, typing));
        _connection.On<RoomLeft>(nameof(IJobsClient.RoomLeft), left =>
        {
            lock (_gate)
                _storedRooms.Remove(left.RoomId);
            return RaiseAsync(RoomLeft, left);
        });
        _connection.Reconnected += _ => RestoreAsync();
    }

    /// <summary>
    /// An event of a subscribed job: per job, live progress ticks and each stored event once, in version order. A live
    /// tick (<see cref="JobEvent.Transient"/>) carries the job's last stored status and the time it arrived here.
    /// </summary>
    public event Func<JobEvent, Task>? JobEventReceived;

    /// <summary>A new notification of the caller's: a job of theirs finished, or an admin broadcast.</summary>
    public event Func<Notification, Task>? NotificationReceived;

    /// <summary>Someone came online or went offline. Changes while reconnecting are missed: ask <see cref="GetOnlineUsersAsync"/> on <see cref="Reconnected"/>.</summary>
    public event Func<PresenceChange, Task>? PresenceChanged;

    /// <summary>A message to a joined room, the caller's own included.</summary>
    public event Func<RoomMessage, Task>? RoomMessageReceived;

    /// <summary>Another member of a joined room is typing.</summary>
    public event Func<TypingIndicator, Task>? TypingReceived;

    /// <summary>A message stored in a watched room: each once, in sequence, across reconnects.</summary>
    public event Func<ChatMessage, Task>? ChatMessageReceived;

    /// <summary>A message of a watched room was edited or deleted: as it is now.</summary>
    public event Func<ChatMessage, Task>? ChatMessageChanged;

    /// <summary>Another member of a watched room is typing.</summary>
    public event Func<RoomTyping, Task>? RoomTypingReceived;

    /// <summary>A watched room is watched no more: the caller left or was removed, or it was deleted.</summary>
    public event Func<RoomLeft, Task>? RoomLeft;

    /// <summary>
    /// Admins watching the overview: the cluster now, every few seconds, with the newest throughput point; after a
    /// reconnect, once with the whole recent history.
    /// </summary>
    public event Func<ClusterOverview, Task>? OverviewReceived;

    /// <summary>The connection is back after a drop, with its rooms joined and its job subscriptions resumed.</summary>
    public event Func<Task>? Reconnected;

    public HubConnectionState State => _connection.State;

    public Task StartAsync(CancellationToken ct = default) => _connection.StartAsync(ct);

    /// <summary>The version of the last stored event delivered for <paramref name="jobId"/>, 0 when none.</summary>
    public long LastVersionOf(Guid jobId)
    {
        lock (_gate)
            return _jobs.TryGetValue(jobId, out var job) ? job.Version : 0;
    }

    /// <summary>
    /// Sends the job's stored events after <paramref name="afterVersion"/>, then live ones; events this connection
    /// already delivered are not delivered again.
    /// </summary>
    public async Task SubscribeJobAsync(Guid jobId, long afterVersion = 0, CancellationToken ct = default)
    {
        bool added;
        long from;
        lock (_gate)
        {
            added = !_jobs.TryGetValue(jobId, out var job);
            if (added)
                _jobs[jobId] = job = new WatchedJob { Version = afterVersion };
            job!.Subscribed = true;
            from = Math.Max(afterVersion, job.Version);
        }
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeJob), jobId, from, ct);
        }
        catch when (added)
        {
            lock (_gate)
                _jobs.Remove(jobId);
            throw;
        }
    }

    public async Task UnsubscribeJobAsync(Guid jobId, CancellationToken ct = default)
    {
        lock (_gate)
            if (_jobs.TryGetValue(jobId, out var job))
                job.Subscribed = false;
        await _connection.InvokeAsync(nameof(IJobsHub.UnsubscribeJob), jobId, ct);
    }

    /// <summary>Live events of every job the caller owns, from now on.</summary>
    public async Task SubscribeMyJobsAsync(CancellationToken ct = default)
    {
        bool before;
        lock (_gate)
            (before, _allMyJobs) = (_allMyJobs, true);
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs), ct);
        }
        catch
        {
            lock (_gate)
                _allMyJobs = before;
            throw;
        }
    }

    public async Task UnsubscribeMyJobsAsync(CancellationToken ct = default)
    {
        lock (_gate)
            _allMyJobs = false;
        await _connection.InvokeAsync(nameof(IJobsHub.UnsubscribeMyJobs), ct);
    }

    /// <summary>Who has a connection on any host right now.</summary>
    public Task<IReadOnlyList<OnlineUser>> GetOnlineUsersAsync(CancellationToken ct = default) =>
        _connection.InvokeAsync<IReadOnlyList<OnlineUser>>(nameof(IJobsHub.GetOnlineUsers), ct);

    /// <summary>Joins a room (1–64 of a-z, 0-9, '-', '_'); rooms are open to every signed-in user.</summary>
    public async Task JoinRoomAsync(string room, CancellationToken ct = default)
    {
        bool added;
        lock (_gate)
            added = _rooms.Add(room);
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.JoinRoom), room, ct);
        }
        catch when (added)
        {
            lock (_gate)
                _rooms.Remove(room);
            throw;
        }
    }

    public async Task LeaveRoomAsync(string room, CancellationToken ct = default)
    {
        lock (_gate)
            _rooms.Remove(room);
        await _connection.InvokeAsync(nameof(IJobsHub.LeaveRoom), room, ct);
    }

    /// <summary>Sends 1–4000 characters to a joined room's members, at most 10 messages a second.</summary>
    public Task SendToRoomAsync(string room, string text, CancellationToken ct = default) =>
        _connection.InvokeAsync(nameof(IJobsHub.SendToRoom), room, text, ct);

    /// <summary>Tells a joined room's other members the caller is typing.</summary>
    public Task TypingAsync(string room, CancellationToken ct = default) =>
        _connection.InvokeAsync(nameof(IJobsHub.Typing), room, ct);

    /// <summary>
    /// Watches a stored room: every message after <paramref name="afterSeq"/>, then each new one, in sequence; after a
    /// reconnect it resumes after the last one delivered, so none is missed or seen twice.
    /// </summary>
    public async Task WatchRoomAsync(Guid roomId, long afterSeq = 0, CancellationToken ct = default)
    {
        lock (_gate)
            _storedRooms[roomId] = afterSeq;
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.WatchRoom), roomId, afterSeq, ct);
        }
        catch
        {
            lock (_gate)
                _storedRooms.Remove(roomId);
            throw;
        }
    }

    public async Task UnwatchRoomAsync(Guid roomId, CancellationToken ct = default)
    {
        lock (_gate)
            _storedRooms.Remove(roomId);
        await _connection.InvokeAsync(nameof(IJobsHub.UnwatchRoom), roomId, ct);
    }

    /// <summary>Stores a message in a room the caller belongs to; answers it as stored, with its sequence number.</summary>
    public Task<ChatMessage> PostToRoomAsync(Guid roomId, string text, CancellationToken ct = default) =>
        _connection.InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), roomId, text, ct);

    public Task TypingInRoomAsync(Guid roomId, CancellationToken ct = default) =>
        _connection.InvokeAsync(nameof(IJobsHub.TypingInRoom), roomId, ct);

    // A message at or below the last one delivered (a replay overlapping a live one) is not delivered again.
    private ChatMessage? Accept(ChatMessage message)
    {
        lock (_gate)
        {
            if (!_storedRooms.TryGetValue(message.RoomId, out var last) || message.Seq <= last)
                return null;
            _storedRooms[message.RoomId] = message.Seq;
            return message;
        }
    }

    /// <summary>Admins only: the cluster's overview now, with its recent throughput; then <see cref="OverviewReceived"/> every few seconds.</summary>
    public async Task<ClusterOverview> WatchOverviewAsync(CancellationToken ct = default)
    {
        var overview = await _connection.InvokeAsync<ClusterOverview>(nameof(IJobsHub.WatchOverview), ct);
        lock (_gate)
            _overview = true;
        return overview;
    }

    public async Task UnwatchOverviewAsync(CancellationToken ct = default)
    {
        lock (_gate)
            _overview = false;
        await _connection.InvokeAsync(nameof(IJobsHub.UnwatchOverview), ct);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    // A new connection has no rooms or subscriptions of its own: ask again for what the last one had.
    private async Task RestoreAsync()
    {
        string[] rooms;
        bool allMyJobs;
        bool overview;
        (Guid RoomId, long Seq)[] storedRooms;
        (Guid JobId, long Version)[] subscribed;
        (Guid JobId, long Version)[] found;
        lock (_gate)
        {
            rooms = [.. _rooms];
            allMyJobs = _allMyJobs;
            overview = _overview;
            storedRooms = _storedRooms.Select(r => (r.Key, r.Value)).ToArray();
            subscribed = _jobs.Where(j => j.Value.Subscribed).Select(j => (j.Key, j.Value.Version)).ToArray();
            // Jobs found through "all my jobs" are resumed too, so what they stored meanwhile is not lost; finished ones have nothing left to say.
            found = allMyJobs ? _jobs.Where(j => !j.Value.Subscribed && !j.Value.Finished).Select(j => (j.Key, j.Value.Version)).ToArray() : [];
        }
        foreach (var room in rooms)
            await RestoreOneAsync(() => _connection.InvokeAsync(nameof(IJobsHub.JoinRoom), room), () => _rooms.Remove(room));
        foreach (var (roomId, seq) in storedRooms)
            await RestoreOneAsync(() => _connection.InvokeAsync(nameof(IJobsHub.WatchRoom), roomId, seq), () => _storedRooms.Remove(roomId));
        // Each job before "all my jobs": a job watched on its own gets no second, live-only copy of its events.
        var resumed = new List<Guid>();
        foreach (var (jobId, version) in subscribed.Concat(found))
            if (await RestoreOneAsync(() => _connection.InvokeAsync(nameof(IJobsHub.SubscribeJob), jobId, version), () => _jobs.Remove(jobId)))
                resumed.Add(jobId);
        if (allMyJobs)
            await RestoreAllMyJobsAsync(resumed.Intersect(found.Select(j => j.JobId)).ToList());
        ClusterOverview? latest = null;
        if (overview && await RestoreOneAsync(async () => latest = await _connection.InvokeAsync<ClusterOverview>(nameof(IJobsHub.WatchOverview)),
                () => _overview = false))
            await RaiseAsync(OverviewReceived, latest!);
        await RaiseAsync(Reconnected);
    }

    // The found jobs' own subscriptions count against the hub's limit per connection, so once "all my jobs" carries them
    // on they are given back; should they have used up the limit, they are given back first and go on from their next event.
    private async Task RestoreAllMyJobsAsync(IReadOnlyList<Guid> resumedFound)
    {
        try
        {
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
        }
        catch (HubException) when (resumedFound.Count > 0)
        {
            await UnsubscribeAllAsync(resumedFound);
            await _connection.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
            return;
        }
        await UnsubscribeAllAsync(resumedFound);
    }

    private async Task UnsubscribeAllAsync(IEnumerable<Guid> jobIds)
    {
        foreach (var jobId in jobIds)
            await _connection.InvokeAsync(nameof(IJobsHub.UnsubscribeJob), jobId);
    }

    // One refusal (a job deleted meanwhile) must not keep the rest from being restored. A host that has just started may
    // also fail a call for a moment, so a room or a job is given up only when asking again is refused again. True when restored.
    private async Task<bool> RestoreOneAsync(Func<Task> call, Action forget)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return true;
            }
            catch (HubException) when (attempt < RestoreAttempts)
            {
                await Task.Delay(RestoreRetryDelay * attempt);
            }
            catch (HubException)
            {
                lock (_gate)
                    forget();
                return false;
            }
        }
    }

    // Handlers see one event at a time, in the order the hub sent them.
    private async Task DeliverAsync(Func<JobEvent?> accept)
    {
        await _deliver.WaitAsync();
        try
        {
            if (accept() is { } jobEvent)
                await RaiseAsync(JobEventReceived, jobEvent);
        }
        finally
        {
            _deliver.Release();
        }
    }

    // Drops repeats (a replay overlapping what was delivered live) and events of jobs no longer subscribed.
    private bool Accept(JobEvent jobEvent)
    {
        lock (_gate)
        {
            _jobs.TryGetValue(jobEvent.JobId, out var job);
            if (!_allMyJobs && job?.Subscribed != true)
                return false;
            var last = job?.Version ?? 0;
            if (jobEvent.Transient ? jobEvent.Version < last : jobEvent.Version <= last)
                return false;
            if (!jobEvent.Transient)
            {
                job ??= _jobs[jobEvent.JobId] = new WatchedJob();
                (job.Version, job.Status) = (jobEvent.Version, jobEvent.Status);
            }
            return true;
        }
    }

    // The hub sends live ticks slim; handlers get them as the transient progress events they always were.
    private JobEvent? Accept(JobTick tick)
    {
        lock (_gate)
        {
            _jobs.TryGetValue(tick.JobId, out var job);
            if (!_allMyJobs && job?.Subscribed != true)
                return null;
            if (tick.Version < (job?.Version ?? 0))
                return null;
            return new JobEvent(tick.JobId, tick.Version, JobEventKind.Progressed, job?.Status ?? JobStatus.Running, DateTimeOffset.UtcNow,
                Transient: true, Progress: tick.Progress, Message: tick.Message, Metrics: tick.Metrics);
        }
    }

    private static async Task RaiseAsync<T>(Func<T, Task>? handlers, T value)
    {
        if (handlers is null)
            return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<T, Task>>())
            await handler(value);
    }

    private static async Task RaiseAsync(Func<Task>? handlers)
    {
        if (handlers is null)
            return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            await handler();
    }

    private sealed class WatchedJob
    {
        public long Version { get; set; }

        /// <summary>As of the last stored event delivered; null before one.</summary>
        public JobStatus? Status { get; set; }

        public bool Finished => Status?.IsFinished() == true;

        /// <summary>Asked for on its own, not only seen through "all my jobs".</summary>
        public bool Subscribed { get; set; }
    }
}
