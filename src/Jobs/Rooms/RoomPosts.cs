using System.Globalization;
using System.Text.Json;
using Marten;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>
/// What the events being appended to one job post to its room: each attempt's start, each progress step it passes (at
/// most one message a step and attempt, however often it reports), a retry, and its end. Fed while the events are
/// folded, staged into the same transaction as an outbox row that any host then posts (<see cref="JobPostOutbox"/>).
/// </summary>
public sealed class RoomPosts
{
    private const int MostSummary = 300;

    private readonly JobRoom _room;
    private readonly List<(long Version, string Text)> _posts = [];
    private int _step;

    private RoomPosts(JobRoom room, int step) => (_room, _step) = (room, step);

    /// <summary>Null for a job without a room: it posts nothing.</summary>
    public static RoomPosts? For(JobView job) => job.Room is { } room ? new RoomPosts(room, job.RoomStep) : null;

    /// <summary>
    /// The progress step <paramref name="percent"/> has reached: 1 from the room's step on, 2 from twice it… The end is
    /// not a step, since the job's end says more.
    /// </summary>
    public static int StepOf(double percent, JobRoom room) => percent >= 100 ? 0 : (int)(percent / (room.ProgressEvery ?? JobRoom.DefaultProgressEvery));

    /// <summary>The messages to post so far, each with the job version that tells of it.</summary>
    public IReadOnlyList<(long Version, string Text)> Posts => _posts;

    /// <summary>Takes the next event being appended, with the job as it stands right after it.</summary>
    public void Add(object @event, JobView after)
    {
        var text = @event switch
        {
            JobStarted { Recovered: false } e => e.Attempt > 1 ? $"{Name(after)} started (attempt {e.Attempt})" : $"{Name(after)} started",
            JobProgressed e when after.RoomStep > _step => $"{Name(after)} at {Math.Floor(e.Percent)}%{(e.Message is { } message ? $": {message}" : "")}",
            JobRetryScheduled e =>
                $"{Name(after)} attempt {e.Attempt} failed: {e.Error}; retrying at {e.RunAt.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
            JobSucceeded e => Summary(e) is { } summary ? $"{Name(after)} succeeded: {summary}" : $"{Name(after)} succeeded",
            JobFailed e => $"{Name(after)} failed: {e.Error}",
            JobCancelled e => $"{Name(after)} cancelled: {e.Reason}",
            _ => null,
        };
        _step = after.RoomStep;
        if (text is not null)
            _posts.Add((after.Version, text));
    }

    public void Stage(IDocumentOperations session, JobView job)
    {
        if (_posts.Count == 0)
            return;
        foreach (var (version, text) in _posts)
            JobPostOutbox.Add(session, _room.Id, job.Id, version, job.Submitter, text);
        JobPostOutbox.WakePosters(session);
    }

    // As the dashboard names a job: its type and the end of its id (the start is its creation time, shared by jobs of the same minute).
    private static string Name(JobView job) => $"{job.Type} job {job.Id.ToString("N")[^8..]}";

    private static string? Summary(JobSucceeded e)
    {
        var parts = new List<string>(2);
        if (e.Artifacts is [_, ..] artifacts)
            parts.Add(string.Join(", ", artifacts.Take(3).Select(a => a.Name)) + (artifacts.Count > 3 ? $" and {artifacts.Count - 3} more" : ""));
        if (e.Output is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } output)
            parts.Add(JsonSerializer.Serialize(output));
        var summary = string.Join("; ", parts);
        return summary.Length == 0 ? null : summary.Length > MostSummary ? summary[..(MostSummary - 1)] + "…" : summary;
    }
}
