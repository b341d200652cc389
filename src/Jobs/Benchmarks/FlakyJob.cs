using Platform.Contracts;
using Platform.Jobs.Handlers;

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

    protected override FlakyInput Validate(FlakyInput input, FieldErrors errors)
    {
        errors.Range("failAttempts", input.FailAttempts ?? 0, 0, 100);
        errors.Range("workMs", input.WorkMs ?? 0, 0, 600_000);
        return new FlakyInput(input.FailAttempts ?? 0, input.WorkMs ?? 0);
    }

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
