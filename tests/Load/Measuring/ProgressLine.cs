using System.Diagnostics;

namespace Platform.Load.Measuring;

/// <summary>Rewrites one status line on stderr about once a second while a scenario runs.</summary>
public sealed class ProgressLine : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressLine(string scenario, Func<string> status)
    {
        var clock = Stopwatch.StartNew();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                    Console.Error.Write($"\r[{scenario} {clock.Elapsed.TotalSeconds,5:F0}s] {status()}".PadRight(100));
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Console.Error.WriteLine();
        _stop.Dispose();
    }
}
