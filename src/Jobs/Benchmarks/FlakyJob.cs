using Platform.Contracts;
using Platform.Jobs.Handlers;
using Platform.Jobs.Types;

namespace Platform.Jobs.Benchmarks;

public sealed record FlakyInput(int? FailAttempts, int? WorkMs);

public sealed record FlakyOutput(int SucceededOnAttempt);

/// <summary>
/// Fails its first <c>failAttempts</c> attempts, then succeeds; each attempt works for <c>workMs</c> first
/// (cancellably). Exercises retries, backoff and timeouts with real runs. Benchmark and test hosts only.
/// </summary>
public sealed class FlakyJob : JobHandler<FlakyInput, FlakyOutput>
{
    public const string TypeName = "flaky";

    public override string Type => TypeName;

    public override string Description => "Fails its first attempts on purpose, then succeeds: exercises retries, backoff and timeouts.";

    public override InputSchema InputSchema { get; } = InputSchema.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "failAttempts": { "type": "integer", "minimum": 0, "maximum": 100, "default": 0 },
            "workMs": { "type": "integer", "minimum": 0, "maximum": 600000, "default": 0 }
          }
        }
        """);

    protected override FlakyInput Validate(FlakyInput input, FieldErrors errors) => new(input.FailAttempts ?? 0, input.WorkMs ?? 0);

    protected override async Task<FlakyOutput> RunAsync(FlakyInput input, IJobContext context)
    {
        await context.LogAsync($"attempt {context.Attempt} working for {input.WorkMs} ms");
        if (input.WorkMs > 0)
            await Task.Delay(input.WorkMs!.Value, context.CancellationToken);
        if (context.Attempt <= input.FailAttempts)
            throw new InvalidOperationException($"attempt {context.Attempt} failed on purpose");
        return new FlakyOutput(context.Attempt);
    }
}
