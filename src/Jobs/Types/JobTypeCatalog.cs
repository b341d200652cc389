using Platform.Contracts.Jobs;
using Platform.Jobs.Handlers;

namespace Platform.Jobs.Types;

/// <summary>Every job type callers may submit, with its schema and the limits its settings give a run.</summary>
public sealed class JobTypeCatalog(JobHandlers handlers, JobsOptions options)
{
    public IReadOnlyList<JobTypeInfo> List() => handlers.All
        .OrderBy(handler => handler.Type, StringComparer.Ordinal)
        .Select(Describe)
        .ToList();

    public JobTypeInfo? Find(string name) => handlers.Find(name) is { } handler ? Describe(handler) : null;

    private JobTypeInfo Describe(IJobHandler handler) => new(
        handler.Type, handler.Description, JobTypeRuns.BuiltIn, handler.InputSchema.Document,
        options.MaxAttemptsOf(handler.Type),
        options.TimeoutOf(handler.Type) is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null,
        options.Types.TryGetValue(handler.Type, out var typed) ? typed.Concurrency : null);
}
