using System.Text.Json;
using Platform.Contracts.Jobs;
using Platform.Jobs.Artifacts;
using Platform.Jobs.Handlers;

namespace Platform.UnitTests.Jobs;

/// <summary>Stands in for the platform around a handler: records progress, logs and artifacts.</summary>
internal sealed class RecordingContext(CancellationToken cancellationToken = default) : IJobContext
{
    public Guid JobId { get; } = Guid.NewGuid();
    public int Attempt => 1;
    public CancellationToken CancellationToken => cancellationToken;
    public List<(double Percent, string? Message, IReadOnlyDictionary<string, double>? Metrics)> Progress { get; } = [];
    public List<string> Logs { get; } = [];
    public Dictionary<string, byte[]> Artifacts { get; } = [];

    /// <summary>Uploaded files the job's input may name, by id.</summary>
    public Dictionary<Guid, (string Name, string ContentType, byte[] Content)> Files { get; } = [];

    /// <summary>Called after each progress report, e.g. to cancel mid-run.</summary>
    public Action<int>? OnProgress { get; set; }

    public ValueTask ReportProgressAsync(double percent, string? message = null, IReadOnlyDictionary<string, double>? metrics = null)
    {
        Progress.Add((percent, message, metrics));
        OnProgress?.Invoke(Progress.Count);
        return ValueTask.CompletedTask;
    }

    public ValueTask LogAsync(string message, JobLogLevel level = JobLogLevel.Info)
    {
        Logs.Add(message);
        return ValueTask.CompletedTask;
    }

    /// <summary>Checks <paramref name="input"/> as a submit would, then runs the handler on it in this context.</summary>
    public async Task<JsonElement?> RunAsync(IJobHandler handler, object input)
    {
        var check = handler.Check(JsonSerializer.SerializeToElement(input));
        check.IsValid.Should().BeTrue(string.Join("; ", check.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        return await handler.RunAsync(check.Input!.Value, this);
    }

    public ValueTask<JobArtifact> SaveArtifactAsync(string name, string contentType, ReadOnlyMemory<byte> content)
    {
        Artifacts[name] = content.ToArray();
        return ValueTask.FromResult(new JobArtifact(name, contentType, content.Length));
    }

    public ValueTask<InputFile> OpenFileAsync(Guid fileId) => Files.TryGetValue(fileId, out var file)
        ? ValueTask.FromResult(new InputFile(fileId, file.Name, file.ContentType, file.Content.Length, "", new MemoryStream(file.Content, writable: false)))
        : throw new InvalidOperationException($"File {fileId} is not one this job's input names, or it was deleted.");
}
