namespace Platform.IntegrationTests.Infrastructure;

/// <summary>The system's clock, moved ahead while a test says so: the host sees time pass without the test waiting for it.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    /// <summary>Moves the clock ahead by <paramref name="by"/> until the answer is disposed.</summary>
    public IDisposable Advance(TimeSpan by)
    {
        Interlocked.Add(ref _shiftTicks, by.Ticks);
        return new Shift(this, by);
    }

    private sealed class Shift(ShiftedClock clock, TimeSpan by) : IDisposable
    {
        public void Dispose() => Interlocked.Add(ref clock._shiftTicks, -by.Ticks);
    }
}
