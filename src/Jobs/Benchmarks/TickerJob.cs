using Platform.Contracts;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Benchmarks;

public sealed record TickerInput(int? Ticks, int? IntervalMs);

public sealed record TickerOutput(int Ticks);

/// <summary>
/// Emits a number of progress ticks, each carrying its index and send time (Unix ms), then succeeds:
/// measures live fan-out latency and loss. Benchmark hosts only.
/// </summary>
public sealed class TickerJob : JobHandler<TickerInput, TickerOutput>
{
    public const string TypeName = "ticker";

    public override string Type => TypeName;

    protected override TickerInput Validate(TickerInput input, FieldErrors errors)
    {
        errors.Range("ticks", input.Ticks ?? 100, 1, 100_000);
        errors.Range("intervalMs", input.IntervalMs ?? 10, 0, 10_000);
        return new TickerInput(input.Ticks ?? 100, input.IntervalMs ?? 10);
    }

    protected override async Task<TickerOutput> RunAsync(TickerInput input, IJobContext context)
    {
        var (ticks, interval) = (input.Ticks!.Value, input.IntervalMs!.Value);
        for (var tick = 1; tick <= ticks; tick++)
        {
            var sentAt = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
            await context.ReportProgressAsync(100.0 * tick / ticks, null, new Dictionary<string, double> { ["tick"] = tick, ["sentAt"] = sentAt });
            if (interval > 0 && tick < ticks)
                await Task.Delay(interval, context.CancellationToken);
        }
        return new TickerOutput(ticks);
    }
}
