using System.Collections.Concurrent;
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
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_events.FirstOrDefault(match) is { } found)
                return found;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"None of the {_events.Count} log events written matches. The last ones:\n"
                    + string.Join("\n", _events.TakeLast(15).Select(e => $"{e.Level} {e.RenderMessage()}")));
            await Task.Delay(20);
        }
    }

    public static string? Property(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) && value is ScalarValue { Value: { } scalar } ? scalar.ToString() : null;
}
