using Platform.Contracts.Jobs;
using Platform.Jobs.Live;
using Platform.Jobs.Model;

namespace Platform.UnitTests.Jobs;

public sealed class JobWatchTests
{
    private static readonly Guid JobId = Guid.NewGuid();
    private readonly List<JobEvent> _sent = [];
    private readonly List<JobEvent> _stored = [];
    private TaskCompletionSource? _readGate;

    [Fact]
    public async Task Replay_sends_stored_events_after_the_version_then_live_ones_without_repeats()
    {
        Store(1, 2, 3);
        var watch = NewWatch();

        await watch.ReplayAsync(afterVersion: 1);
        watch.Offer(Stored(3));
        watch.Offer(Stored(4));

        SentVersions().Should().Equal(2, 3, 4);
    }

    [Fact]
    public async Task Live_events_arriving_during_replay_wait_for_it_and_keep_their_order()
    {
        Store(1, 2);
        _readGate = new TaskCompletionSource();
        var watch = NewWatch();

        var replay = watch.ReplayAsync(afterVersion: 0);
        watch.Offer(Stored(3));
        watch.Offer(Transient(3));
        Store(3);
        _readGate.SetResult();
        await replay;

        SentVersions().Should().Equal(1, 2, 3, 3);
        _sent.Last().Transient.Should().BeTrue();
    }

    [Fact]
    public async Task A_live_event_that_skips_a_version_is_preceded_by_the_missing_one_from_storage()
    {
        Store(1);
        var watch = NewWatch();
        await watch.ReplayAsync(afterVersion: 0);

        Store(2, 3);
        watch.Offer(Stored(3));
        await WaitUntilAsync(() => _sent.Count == 3);
        watch.Offer(Stored(2));

        SentVersions().Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task Stale_transient_ticks_are_dropped()
    {
        Store(1, 2);
        var watch = NewWatch();
        await watch.ReplayAsync(afterVersion: 0);

        watch.Offer(Transient(1));
        watch.Offer(Transient(2));

        _sent.Should().HaveCount(3);
        _sent.Last().Should().Match<JobEvent>(e => e.Transient && e.Version == 2);
    }

    [Fact]
    public async Task Ticks_that_arrive_while_storage_is_read_go_out_between_the_stored_events_they_came_between()
    {
        Store(1, 2);
        _readGate = new TaskCompletionSource();
        var watch = NewWatch();

        var replay = watch.ReplayAsync(afterVersion: 0);
        watch.Offer(Transient(1));
        watch.Offer(Transient(1) with { Progress = 1.7 });
        watch.Offer(Stored(2));
        watch.Offer(Transient(2));
        _readGate.SetResult();
        await replay;

        _sent.Select(e => (e.Version, e.Transient)).Should().Equal((1, false), (1, true), (1, true), (2, false), (2, true));
        _sent[2].Progress.Should().Be(1.7, "ticks keep the order they came in");
    }

    [Fact]
    public void Starting_live_takes_the_first_event_seen_as_the_next_one()
    {
        var watch = NewWatch();
        var first = Stored(5);

        watch.StartLiveFrom(first);
        watch.Offer(first);
        watch.Offer(Stored(6));

        SentVersions().Should().Equal(5, 6);
    }

    [Fact]
    public async Task Starting_live_from_a_later_event_first_sends_what_was_stored_before_it_since_the_watcher_began()
    {
        var since = DateTimeOffset.UtcNow;
        var (older, first, second) = (StoredAt(1, since.AddSeconds(-1)), StoredAt(2, since.AddSeconds(1)), StoredAt(3, since.AddSeconds(2)));
        lock (_stored)
            _stored.AddRange([older, first, second]);
        var watch = NewWatch();

        // Version 2 was published by another host than version 3, and overtaken by it.
        watch.StartLiveFrom(second, since);
        watch.Offer(second);
        await WaitUntilAsync(() => SentVersions().Contains(3));

        SentVersions().Should().Equal(2, 3);
    }

    [Fact]
    public async Task An_overtaken_event_deep_in_a_long_history_is_sent_before_the_later_one_seen_first()
    {
        var since = DateTimeOffset.UtcNow;
        var history = 2 * JobStore.EventPageSize;
        lock (_stored)
        {
            _stored.AddRange(Enumerable.Range(1, history).Select(v => StoredAt(v, since.AddMinutes(-1))));
            _stored.Add(StoredAt(history + 1, since.AddSeconds(1)));
        }
        var first = StoredAt(history + 2, since.AddSeconds(2));
        lock (_stored)
            _stored.Add(first);
        var watch = NewWatch();

        watch.StartLiveFrom(first, since);
        watch.Offer(first);
        await WaitUntilAsync(() => SentVersions().Contains(first.Version));

        SentVersions().Should().Equal(history + 1, history + 2);
    }

    [Fact]
    public async Task A_history_longer_than_a_page_is_read_page_by_page_each_sent_before_the_next_is_read()
    {
        Store([.. Enumerable.Range(1, 2 * JobStore.EventPageSize + 200).Select(v => (long)v)]);
        var sentBeforeEachRead = new List<int>();
        var watch = new JobWatch(
            e =>
            {
                _sent.Add(e);
                return Task.CompletedTask;
            },
            after =>
            {
                sentBeforeEachRead.Add(_sent.Count);
                return Task.FromResult<IReadOnlyList<JobEvent>>(_stored.Where(e => e.Version > after).Take(JobStore.EventPageSize).ToList());
            });

        await watch.ReplayAsync(afterVersion: 0);

        SentVersions().Should().Equal(_stored.Select(e => e.Version));
        sentBeforeEachRead.Should().Equal(0, JobStore.EventPageSize, 2 * JobStore.EventPageSize);
    }

    private JobWatch NewWatch() => new(
        e =>
        {
            lock (_sent)
                _sent.Add(e);
            return Task.CompletedTask;
        },
        async after =>
        {
            if (_readGate is not null)
                await _readGate.Task;
            lock (_stored)
                return _stored.Where(e => e.Version > after).OrderBy(e => e.Version).ToList();
        });

    private void Store(params long[] versions)
    {
        lock (_stored)
            _stored.AddRange(versions.Select(Stored));
    }

    private List<long> SentVersions()
    {
        lock (_sent)
            return _sent.Select(e => e.Version).ToList();
    }

    private static JobEvent Stored(long version) =>
        new(JobId, version, JobEventKind.Progressed, JobStatus.Running, DateTimeOffset.UtcNow, Progress: version);

    private static JobEvent StoredAt(long version, DateTimeOffset at) => Stored(version) with { At = at };

    private static JobEvent Transient(long version) =>
        new(JobId, version, JobEventKind.Progressed, JobStatus.Running, DateTimeOffset.UtcNow, Transient: true, Progress: version + 0.5);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(10);
    }
}
