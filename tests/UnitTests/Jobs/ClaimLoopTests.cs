using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Platform.Jobs.Running;

namespace Platform.UnitTests.Jobs;

// The poll interval is long and the clock's timers fire only when a test says so: whatever claims again came from the
// clock, a wake or a full batch, never from real time passing.
public sealed class ClaimLoopTests : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ManualTimers _clock = new();
    private readonly Channel<int> _claims = Channel.CreateUnbounded<int>();
    private readonly CancellationTokenSource _stop = new();
    private readonly ClaimLoop _loop;
    private Task _running = Task.CompletedTask;
    private int _claimed;

    public ClaimLoopTests() => _loop = new ClaimLoop("things", ListenUntilStoppedAsync, Poll, _clock, NullLogger.Instance);

    [Fact]
    public async Task An_idle_loop_claims_again_when_its_clock_reaches_the_poll_interval()
    {
        Run(_ => false);
        (await NextClaimAsync()).Should().Be(1);

        var wait = await _clock.NextTimerAsync();
        wait.DueTime.Should().Be(Poll);
        wait.Fire();

        (await NextClaimAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_wake_ends_the_wait_at_once()
    {
        Run(_ => false);
        await NextClaimAsync();
        await _clock.NextTimerAsync();

        _loop.Wake();

        (await NextClaimAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_wake_during_a_claim_is_kept_for_the_wait_after_it()
    {
        Run(claim =>
        {
            if (claim == 1)
                _loop.Wake();
            return false;
        });

        (await NextClaimAsync()).Should().Be(1);
        (await NextClaimAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_full_batch_is_followed_by_another_claim_at_once()
    {
        Run(claim => claim == 1);

        (await NextClaimAsync()).Should().Be(1);
        (await NextClaimAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_failed_claim_is_tried_again_after_one_poll_interval_on_the_clock()
    {
        Run(claim => claim == 1 ? throw new InvalidOperationException("the database is away") : false);
        (await NextClaimAsync()).Should().Be(1);

        var backoff = await _clock.NextTimerAsync();
        backoff.DueTime.Should().Be(Poll);
        backoff.Fire();

        (await NextClaimAsync()).Should().Be(2);
    }

    [Fact]
    public async Task Stopping_ends_a_waiting_loop()
    {
        Run(_ => false);
        await NextClaimAsync();
        await _clock.NextTimerAsync();

        await _stop.CancelAsync();

        await _running.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(Patience);
        _stop.Dispose();
    }

    private void Run(Func<int, bool> claim) =>
        _running = _loop.RunAsync(_ =>
        {
            var number = Interlocked.Increment(ref _claimed);
            _claims.Writer.TryWrite(number);
            return Task.FromResult(claim(number));
        }, _stop.Token);

    private async Task<int> NextClaimAsync() => await _claims.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    private static async Task<NpgsqlConnection> ListenUntilStoppedAsync(Action wake, CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new UnreachableException();
    }

    private sealed class ManualTimers : TimeProvider
    {
        private readonly Channel<ManualTimer> _created = Channel.CreateUnbounded<ManualTimer>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(callback, state, dueTime);
            _created.Writer.TryWrite(timer);
            return timer;
        }

        public async Task<ManualTimer> NextTimerAsync() => await _created.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
    {
        public TimeSpan DueTime { get; } = dueTime;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
