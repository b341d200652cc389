using Platform.Contracts.Jobs;
using Platform.Jobs.Artifacts;

namespace Platform.Jobs.Handlers;

/// <summary>
/// All a handler may touch while it runs: progress, logs, artifacts and the cancellation signal.
/// Handlers never see Quartz, Marten or SignalR.
/// </summary>
public interface IJobContext
{
    Guid JobId { get; }

    int Attempt { get; }

    /// <summary>Fires when the job is cancelled or its host shuts down; handlers check it at every step.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Pushed live at full rate; stored coalesced.</summary>
    ValueTask ReportProgressAsync(double percent, string? message = null, IReadOnlyDictionary<string, double>? metrics = null);

    ValueTask LogAsync(string message, JobLogLevel level = JobLogLevel.Info);

    /// <summary>Stores a file of the job's output under <paramref name="name"/>.</summary>
    ValueTask<JobArtifact> SaveArtifactAsync(string name, string contentType, ReadOnlyMemory<byte> content);

    /// <summary>Opens an uploaded file the job's input names (<c>{"file": "&lt;id&gt;"}</c>); the caller disposes it.</summary>
    ValueTask<InputFile> OpenFileAsync(Guid fileId);
}
