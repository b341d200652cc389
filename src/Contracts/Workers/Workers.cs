using System.Text.Json;
using Platform.Contracts.Jobs;

namespace Platform.Contracts.Workers;

/// <summary>The header every call about a claimed job carries: the lease its claim answered.</summary>
public static class JobLeaseHeader
{
    public const string Name = "X-Job-Lease";
}

/// <summary>Body of <c>POST /api/v1/worker/claim</c>.</summary>
/// <param name="Worker">The worker's name, shown in job histories: 1–64 characters.</param>
/// <param name="Types">The remote job types it runs.</param>
/// <param name="Max">The most jobs it takes at once (default 1).</param>
/// <param name="WaitSeconds">How long to wait for a job when none is ready (default 20, at most 60); 0 answers at once.</param>
public sealed record ClaimRequest(string Worker, IReadOnlyList<string> Types, int? Max = null, int? WaitSeconds = null);

/// <summary>A job a worker claimed: its input, the attempt it starts, and the lease that every call about it names.</summary>
public sealed record ClaimedJob(Guid JobId, string Type, JsonElement Input, int Attempt, string Lease, DateTimeOffset LeaseExpiresAt);

/// <summary>What every call about a held job answers: the job's status, whether to stop, and how long the lease now runs.</summary>
public sealed record WorkerAnswer(Guid JobId, JobStatus Status, bool CancelRequested, DateTimeOffset LeaseExpiresAt);

/// <summary>Body of <c>POST /api/v1/worker/jobs/{id}/progress</c>.</summary>
public sealed record ProgressReport(double Percent, string? Message = null, Dictionary<string, double>? Metrics = null);

/// <summary>Body of <c>POST /api/v1/worker/jobs/{id}/log</c>.</summary>
public sealed record LogReport(string Message, JobLogLevel Level = JobLogLevel.Info);

/// <summary>What <c>PUT /api/v1/worker/jobs/{id}/artifacts/{name}</c> answers: the artifact stored for the claimed job, and the job's state.</summary>
public sealed record JobArtifactUploaded(JobArtifact Artifact, WorkerAnswer Job);

/// <summary>Body of <c>POST /api/v1/worker/jobs/{id}/succeed</c>: the job's output; uploaded artifacts go with it.</summary>
public sealed record SuccessReport(JsonElement? Output = null);

/// <summary>Body of <c>POST /api/v1/worker/jobs/{id}/fail</c>.</summary>
public sealed record FailureReport(string Error);

/// <summary>A worker as operators see it: whose key it uses, the types it asked for, the jobs it holds now and when it last claimed.</summary>
/// <param name="Shared">True for a worker with an admin's key, which runs every user's jobs of its types.</param>
public sealed record WorkerInfo(string Name, string OwnerId, bool Shared, IReadOnlyList<string> Types, int JobsHeld, DateTimeOffset LastSeenAt);
