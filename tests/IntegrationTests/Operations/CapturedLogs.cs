using System.Collections.Concurrent;
using Platform.IntegrationTests.Infrastructure;
using Serilog.Core;
using Serilog.Events;

namespace Platform.IntegrationTests.Operations;

/// <summary>A Serilog sink a test host writes to (the host reads sinks from its services), so tests can read what it logged.</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The first event that matches, waiting for it: request logs are written just after the response is sent.</summary>
    public async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match, TimeSpan? timeout = null)
    {
        var reading = await Eventually.ReadAsync(() => Task.FromResult(new Reading(_events.FirstOrDefault(match), _events.ToArray())),
            reading => reading.Found is not null, "a matching event is logged", timeout ?? TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20));
        return reading.Found!;
    }

    private sealed record Reading(LogEvent? Found, IReadOnlyList<LogEvent> Written)
    {
        public override string ToString() =>
            $"{Written.Count} events, the last ones:\n" + string.Join("\n", Written.TakeLast(15).Select(e => $"{e.Level} {e.RenderMessage()}"));
    }

    public static string? Property(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: { } scalar } ? scalar.ToString() : null;
}
