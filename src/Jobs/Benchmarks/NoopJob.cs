using Platform.Contracts;
using Platform.Jobs.Handlers;
using Platform.Jobs.Types;

namespace Platform.Jobs.Benchmarks;

public sealed record NoopInput;

/// <summary>Does nothing and succeeds: measures the platform's own cost per job. Benchmark hosts only.</summary>
public sealed class NoopJob : JobHandler<NoopInput, object?>
{
    public const string TypeName = "noop";

    public override string Type => TypeName;

    public override string Description => "Does nothing and succeeds: measures the platform's own cost per job.";

    public override InputSchema InputSchema { get; } = InputSchema.Parse("""{ "type": "object", "additionalProperties": false }""");

    protected override NoopInput Validate(NoopInput input, FieldErrors errors) => input;

    protected override Task<object?> RunAsync(NoopInput input, IJobContext context) => Task.FromResult<object?>(null);
}
