using Platform.Contracts;
using Platform.Jobs.Handlers;
using Platform.Jobs.Types;

namespace Platform.Jobs.Benchmarks;

public sealed record TickerInput(int? Ticks, int? IntervalMs);

public sealed record TickerOutput(int Ticks);

/// <summary>
/// Emits a number of progress ticks, one every interval from its start, each carrying its index and send time (Unix ms),
/// then succeeds: measures live fan-out latency and loss at a fixed offered rate. Benchmark hosts only.
/// </summary>
public sealed class TickerJob : JobHandler<TickerInput, TickerOutput>
{
    public const string TypeName = "ticker";

    private const int DefaultTicks = 100;
    private const int DefaultIntervalMs = 10;

    public override string Type => TypeName;

    public override string Description => "Reports progress ticks stamped with their send time, then succeeds: measures live fan-out.";

    public override InputSchema InputSchema { get; } = InputSchema.Parse($$"""
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "ticks": { "type": "integer", "minimum": 1, "maximum": 100000, "default": {{DefaultTicks}} },
            "intervalMs": { "type": "integer", "minimum": 0, "maximum": 10000, "default": {{DefaultIntervalMs}} }
          }
        }
        """);

    protected override TickerInput Validate(TickerInput input, FieldErrors errors) =>
        new(input.Ticks ?? DefaultTicks, input.IntervalMs ?? DefaultIntervalMs);

    protected override async Task<TickerOutput> RunAsync(TickerInput input, IJobContext context)
    {
        var ticks = input.Ticks!.Value;
        await FixedRate.RunAsync(ticks, input.IntervalMs!.Value, tick => context.ReportProgressAsync(100.0 * tick / ticks, null,
            new Dictionary<string, double> { ["tick"] = tick, ["sentAt"] = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds }),
            context.CancellationToken);
        return new TickerOutput(ticks);
    }
}
