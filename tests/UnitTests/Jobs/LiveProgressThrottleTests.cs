using Platform.Contracts.Jobs;
using Platform.Jobs;
using Platform.Jobs.Live;

namespace Platform.UnitTests.Jobs;

public sealed class LiveProgressThrottleTests
{
    private static readonly Guid JobId = Guid.NewGuid();
    private readonly Published _published = new();
    private readonly ManualTimers _time = new();
    private readonly LiveProgressThrottle _throttle;

    public LiveProgressThrottleTests() => _throttle = new LiveProgressThrottle(_published, new JobsOptions { LiveProgressPerSecond = 20 }, _time);

    [Fact]
    public async Task Ticks_within_a_turn_wait_and_only_the_newest_goes_out_when_the_turn_ends()
    {
        await _throttle.PublishAsync(Tick(1, percent: 10), "owner");
        await _throttle.PublishAsync(Tick(1, percent: 20), "owner");
        await _throttle.PublishAsync(Tick(1, percent: 30), "owner");
        _published.Percents().Should().Equal(10);

        _time.EndTurns();
        _time.EndTurns();

        _published.Percents().Should().Equal(10, 30);
    }

    [Fact]
    public async Task A_held_tick_goes_out_before_the_next_stored_event_of_its_job()
    {
        await _throttle.PublishAsync(Tick(1, percent: 10), "owner");
        await _throttle.PublishAsync(Tick(1, percent: 20), "owner");

        await _throttle.PublishAsync(new JobEvent(JobId, 2, JobEventKind.Logged, JobStatus.Running, DateTimeOffset.UtcNow, Message: "hello"), "owner");
        _time.EndTurns();

        _published.Events.Select(e => (e.Version, e.Kind, e.Transient)).Should().Equal(
            (1, JobEventKind.Progressed, true), (1, JobEventKind.Progressed, true), (2, JobEventKind.Logged, false));
    }

    [Fact]
    public async Task Events_committed_together_go_out_as_one_with_a_held_tick_just_before_its_job_event()
    {
        var other = Guid.NewGuid();
        await _throttle.PublishAsync(Tick(1, percent: 10), "owner");
        await _throttle.PublishAsync(Tick(1, percent: 20), "owner");

        await _throttle.PublishStoredAsync([
            new OwnedJobEvent(new JobEvent(other, 3, JobEventKind.Succeeded, JobStatus.Succeeded, DateTimeOffset.UtcNow), "owner"),
            new OwnedJobEvent(new JobEvent(JobId, 2, JobEventKind.Succeeded, JobStatus.Succeeded, DateTimeOffset.UtcNow), "owner"),
        ]);
        _time.EndTurns();

        _published.Batches.Should().Equal(1, 3);
        _published.Events.Select(e => (e.JobId, e.Version, e.Transient)).Should().Equal(
            (JobId, 1, true), (other, 3, false), (JobId, 1, true), (JobId, 2, false));
    }

    [Fact]
    public async Task Stored_progress_supersedes_a_held_tick()
    {
        await _throttle.PublishAsync(Tick(1, percent: 10), "owner");
        await _throttle.PublishAsync(Tick(1, percent: 20), "owner");

        await _throttle.PublishAsync(new JobEvent(JobId, 2, JobEventKind.Progressed, JobStatus.Running, DateTimeOffset.UtcNow, Progress: 25), "owner");
        _time.EndTurns();

        _published.Events.Select(e => (e.Version, e.Progress, e.Transient)).Should().Equal((1, 10.0, true), (2, 25.0, false));
    }

    [Fact]
    public async Task After_a_quiet_turn_the_next_tick_goes_out_at_once()
    {
        await _throttle.PublishAsync(Tick(1, percent: 10), "owner");
        _time.EndTurns();

        await _throttle.PublishAsync(Tick(1, percent: 20), "owner");

        _published.Percents().Should().Equal(10, 20);
    }

    private static JobEvent Tick(long version, double percent) =>
        new(JobId, version, JobEventKind.Progressed, JobStatus.Running, DateTimeOffset.UtcNow, Transient: true, Progress: percent);

    private sealed class Published : IJobEventPublisher
    {
        public List<JobEvent> Events { get; } = [];

        public List<int> Batches { get; } = [];

        public ValueTask PublishAsync(JobEvent jobEvent, string ownerId)
        {
            lock (Events)
            {
                Events.Add(jobEvent);
                Batches.Add(1);
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask PublishAsync(IReadOnlyList<OwnedJobEvent> events)
        {
            lock (Events)
            {
                Events.AddRange(events.Select(owned => owned.Event));
                Batches.Add(events.Count);
            }
            return ValueTask.CompletedTask;
        }

        public List<double> Percents()
        {
            lock (Events)
                return Events.Select(e => e.Progress!.Value).ToList();
        }
    }

    // Timers that fire only when told, so a turn ends exactly when the test says.
    private sealed class ManualTimers : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(callback, state) { Armed = dueTime != Timeout.InfiniteTimeSpan };
            _timers.Add(timer);
            return timer;
        }

        public void EndTurns()
        {
            foreach (var timer in _timers.Where(t => t.Armed).ToList())
                timer.Fire();
        }
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        public bool Armed { get; set; }

        public void Fire()
        {
            Armed = false;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Armed = dueTime != Timeout.InfiniteTimeSpan;
            return true;
        }

        public void Dispose() => Armed = false;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
