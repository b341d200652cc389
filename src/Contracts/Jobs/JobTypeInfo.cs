using System.Text.Json;
using Platform.Contracts.Credits;

namespace Platform.Contracts.Jobs;

/// <summary>Where a job type's work runs.</summary>
public enum JobTypeRuns
{
    /// <summary>A handler inside the platform's hosts.</summary>
    BuiltIn,

    /// <summary>Workers outside the hosts that ask for jobs of the type.</summary>
    Remote,
}

/// <summary>A job type callers may submit: what it does, where it runs, the input it takes and the limits of a run.</summary>
/// <param name="InputSchema">A JSON Schema of <c>input</c>: fields, limits and defaults; every submit is checked against it.</param>
/// <param name="MaxAttempts">Runs before a failure is final, unless a submit asks for another number.</param>
/// <param name="TimeoutSeconds">How long one run may take before it fails as timed out; null for no limit.</param>
/// <param name="Concurrency">How many jobs of the type one host (or worker) runs at once; null for no limit of its own.</param>
/// <param name="Price">What a run costs in credits; null for a free type.</param>
public sealed record JobTypeInfo(
    string Name, string Description, JobTypeRuns Runs, JsonElement InputSchema, int MaxAttempts, int? TimeoutSeconds, int? Concurrency,
    JobPrice? Price = null);

/// <summary>Body of <c>PUT /api/v1/admin/job-types/{name}</c>: a remote job type, run by workers outside the hosts.</summary>
/// <param name="InputSchema">A JSON Schema of the jobs' <c>input</c>; every submit is checked against it.</param>
/// <param name="Price">What a run costs in credits; left out, the type is free.</param>
public sealed record DeclareJobTypeRequest(
    string? Description, JsonElement InputSchema, int? MaxAttempts = null, int? TimeoutSeconds = null, int? Concurrency = null,
    JobPrice? Price = null);
