using Microsoft.Extensions.Logging;
using Platform.Contracts.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Handlers;
using Platform.Jobs.Metrics;
using Platform.Jobs.Model;
using Platform.Storage.Objects;

namespace Platform.Jobs.Running;

/// <summary>
/// A running job's link to the platform. Progress goes out live at once and is stored coalesced by a
/// background loop; logs are stored in batches by the same loop. <see cref="CompleteAsync"/> stores
/// whatever is pending together with the final event, so the last progress before a state change is kept.
/// </summary>
internal sealed class JobContext : IJobContext, IAsyncDisposable
{
    private readonly JobView _job;
    private readonly JobWriter _writer;
    private readonly MetricRecorder _metrics;
    private readonly ArtifactStore _artifacts;
    private readonly InputFiles _inputFiles;
    private readonly JobsOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _cancellation;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<object> _pending = [];
    private readonly CancellationTokenSource _stopLoop = new();
    private readonly Task _loop;
    private long _storedVersion;
    private int _logLines;

    public JobContext(JobView job, JobWriter writer, MetricRecorder metrics, ArtifactStore artifacts, InputFiles inputFiles, JobsOptions options,
        ILogger logger, TimeProvider clock, CancellationTokenSource cancellation)
    {
        (_job, _writer, _metrics, _artifacts, _inputFiles, _options, _logger, _clock, _cancellation) =
            (job, writer, metrics, artifacts, inputFiles, options, logger, clock, cancellation);
        _storedVersion = job.Version;
        _logLines = job.LogLines;
        _loop = Task.Run(StoreLoopAsync);
    }

    public Guid JobId => _job.Id;

    public int Attempt => _job.Attempt;

    public CancellationToken CancellationToken => _cancellation.Token;

    public List<JobArtifact> Artifacts { get; } = [];

    /// <summary>Which run of the job this is, as its artifacts are stored under: each run keeps or loses its own.</summary>
    public string Holder { get; } = $"run:{Guid.NewGuid():N}";

    public async ValueTask ReportProgressAsync(double percent, string? message = null, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ThrowIfBreaks(_options.Reports.ProgressProblem(message, metrics));
        var progressed = JobDecisions.Progress(percent, message, metrics, _clock.GetUtcNow());
        _metrics.Record(JobId, metrics, progressed.At);
        await _gate.WaitAsync();
        try
        {
            _pending.RemoveAll(e => e is JobProgressed);
            _pending.Add(progressed);
            await _writer.PublishLiveAsync(JobEventMapping.Progressed(JobId, _storedVersion, _job.Status, progressed, transient: true), _job.OwnerId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask LogAsync(string message, JobLogLevel level = JobLogLevel.Info)
    {
        await _gate.WaitAsync();
        try
        {
            ThrowIfBreaks(_options.Reports.LogProblem(message, _logLines));
            _pending.Add(JobDecisions.Log(level, message, _clock.GetUtcNow()));
            _logLines++;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<JobArtifact> SaveArtifactAsync(string name, string contentType, ReadOnlyMemory<byte> content)
    {
        var saved = await _artifacts.SaveAsync(_job, Holder, name, contentType, content.Length, MeasuredStream.Over(content), CancellationToken);
        if (saved.Refusal is { } refusal)
            throw new InvalidOperationException(refusal.Reason);
        Artifacts.RemoveAll(a => a.Name == name);
        Artifacts.Add(saved.Value);
        return saved.Value;
    }

    // A handler in the hosts is held to what a remote worker is: a report past a limit is a mistake that fails the run.
    private static void ThrowIfBreaks(ReportProblem? problem)
    {
        if (problem is not null)
            throw new ArgumentException($"{problem.Field} {problem.Message}");
    }

    public async ValueTask<InputFile> OpenFileAsync(Guid fileId) =>
        await _inputFiles.OpenAsync(_job, fileId, CancellationToken)
        ?? throw new InvalidOperationException($"File {fileId} is not one this job's input names, or it was deleted.");

    /// <summary>Stores what is pending plus the events <paramref name="decide"/> returns for the job's latest state.</summary>
    public async Task<AppendResult?> CompleteAsync(Func<JobView, IReadOnlyList<object>> decide)
    {
        await StopLoopAsync();
        // Before the end, so the end's final values and whoever reads the finished job find every value reported.
        await _metrics.FlushAsync(JobId, CancellationToken.None);
        await _gate.WaitAsync();
        try
        {
            return await StoreAsync(view => [.. _pending, .. decide(view)], final: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync();
        _stopLoop.Dispose();
        _gate.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (!_stopLoop.IsCancellationRequested)
            await _stopLoop.CancelAsync();
        await _loop;
    }

    private async Task StoreLoopAsync()
    {
        var sinceCancelCheck = TimeSpan.Zero;
        using var timer = new PeriodicTimer(_options.ProgressStoreInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopLoop.Token))
            {
                sinceCancelCheck += _options.ProgressStoreInterval;
                await _gate.WaitAsync(_stopLoop.Token);
                try
                {
                    if (_pending.Count > 0 || sinceCancelCheck >= _options.CancelCheckInterval)
                    {
                        await StoreAsync(_ => [.. _pending], final: false);
                        sinceCancelCheck = TimeSpan.Zero;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storing progress must never kill the job: what is pending stays pending for the next round.
                    _logger.LogWarning(e, "Storing progress of job {JobId} failed; will try again", JobId);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_stopLoop.IsCancellationRequested)
        {
        }
    }

    // Callers hold _gate, so stored versions and live pushes stay in order.
    private async Task<AppendResult?> StoreAsync(Func<JobView, IReadOnlyList<object>> decide, bool final)
    {
        var result = final
            ? await _writer.EndAsync(JobId, decide)
            : await _writer.AppendAsync(JobId, decide, CancellationToken.None);
        if (result is null)
            return null;
        _pending.Clear();
        _job.Status = result.View.Status;
        _storedVersion = result.View.Version;
        if (result.View.Status == JobStatus.Cancelling && !_cancellation.IsCancellationRequested)
            await _cancellation.CancelAsync();
        return result;
    }
}
