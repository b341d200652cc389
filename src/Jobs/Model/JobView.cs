using System.Text.Json;
using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Contracts.Webhooks;
using Platform.Jobs.Credits;
using Platform.Jobs.Rooms;

namespace Platform.Jobs.Model;

/// <summary>A job's current state, projected inline from its event stream so reads always see the committed state.</summary>
public sealed class JobView
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Type { get; set; } = "";
    public JobStatus Status { get; set; }
    public int Priority { get; set; }
    public JsonElement Input { get; set; }
    public double Progress { get; set; }
    public string? Message { get; set; }
    public Dictionary<string, double> Metrics { get; set; } = [];
    public JsonElement? Output { get; set; }
    public List<JobArtifact> Artifacts { get; set; } = [];
    public string? Error { get; set; }
    public int Attempt { get; set; }
    public string OwnerId { get; set; } = "";

    /// <summary>The person who submitted an organization's job; null when the owner did.</summary>
    public string? SubmittedBy { get; set; }

    /// <summary>Whom the job's notifications and room posts are of: its submitter, else its owner.</summary>
    public string Submitter => SubmittedBy ?? OwnerId;
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When a queued job becomes due (a delayed submit or a retry's backoff); null when it already is.</summary>
    public DateTimeOffset? RunAt { get; set; }

    public int MaxAttempts { get; set; } = 1;
    public TimeSpan? Timeout { get; set; }

    /// <summary>The batch the job was submitted in, if any.</summary>
    public Guid? BatchId { get; set; }

    /// <summary>Where the job calls back on which events; null for no calls.</summary>
    public JobWebhook? Webhook { get; set; }

    /// <summary>The room the job posts to; null for none.</summary>
    public JobRoom? Room { get; set; }

    /// <summary>The owner's project the job is in; null for none.</summary>
    public Guid? ProjectId { get; set; }

    /// <summary>The uploaded files the job's input names; none of them may be deleted while the job is unfinished.</summary>
    public List<Guid> Files { get; set; } = [];

    /// <summary>The highest progress step (a multiple of the room's step) the room was told of in this run; 0 before the first.</summary>
    public int RoomStep { get; set; }

    /// <summary>Attempts made before the last manual retry; automatic retries count from here.</summary>
    public int AttemptsBeforeRetry { get; set; }

    /// <summary>Whether a failure of the current attempt may still be retried automatically.</summary>
    public bool HasAttemptsLeft => Attempt - AttemptsBeforeRetry < MaxAttempts;

    /// <summary>A run was cut short (its host shut down); the next start resumes the same attempt.</summary>
    public bool Interrupted { get; set; }

    /// <summary>What the job's type cost when it was submitted; null for a free job.</summary>
    public JobPrice? Price { get; set; }

    /// <summary>Whom the caller submitted the job for; null for none.</summary>
    public string? EndUser { get; set; }

    /// <summary>Credits still held for the job's attempts to come (see <see cref="JobCosts"/>); 0 once it has finished.</summary>
    public long Held { get; set; }

    /// <summary>Credits charged for the job's attempts that ran, retries included.</summary>
    public long Charged { get; set; }

    /// <summary>How long the job's attempts that ran took, in seconds; runs lost with their host do not count.</summary>
    public double RunSeconds { get; set; }

    /// <summary>Log lines kept since the job was submitted or last retried by hand, held to <see cref="JobReportLimits.MaxLogLinesPerJob"/>.</summary>
    public int LogLines { get; set; }

    public static JobView Create(JobSubmitted e) => new()
    {
        Type = e.Type,
        Input = e.Input,
        Priority = e.Priority,
        OwnerId = e.OwnerId,
        SubmittedBy = e.SubmittedBy,
        SubmittedAt = e.At,
        Status = JobStatus.Queued,
        Message = e.RunAt is { } runAt ? $"scheduled for {runAt:u}" : "queued",
        RunAt = e.RunAt,
        MaxAttempts = e.MaxAttempts,
        Timeout = e.Timeout,
        BatchId = e.BatchId,
        Webhook = e.Webhook,
        Room = e.Room,
        Files = e.Files is { } files ? [.. files] : [],
        ProjectId = e.ProjectId,
        Price = e.Price,
        EndUser = e.EndUser,
        Held = JobCosts.MostFor(e.Price, e.Timeout, e.MaxAttempts),
    };

    public void Apply(JobStarted e)
    {
        Status = Status == JobStatus.Cancelling ? JobStatus.Cancelling : JobStatus.Running;
        Attempt = e.Attempt;
        Interrupted = false;
        RunAt = null;
        // A new attempt tells its progress afresh; a run resumed after its host went keeps what was told.
        if (!e.Recovered)
            RoomStep = 0;
        StartedAt = e.At;
        Message = e.Recovered ? $"recovered on {e.Host}" : $"started on {e.Host}";
    }

    public void Apply(JobProgressed e)
    {
        Progress = e.Percent;
        if (Room is { } room)
            RoomStep = Math.Max(RoomStep, RoomPosts.StepOf(e.Percent, room));
        if (e.Message is not null)
            Message = e.Message;
        foreach (var (name, value) in e.Metrics ?? [])
            Metrics[name] = value;
    }

    public void Apply(JobLogged e) => LogLines++;

    public void Apply(JobCancelRequested e)
    {
        Status = JobStatus.Cancelling;
        Message = "cancelling";
    }

    public void Apply(JobRequeued e)
    {
        Status = JobStatus.Queued;
        Interrupted = true;
        Message = e.Reason;
    }

    public void Apply(JobRetryScheduled e)
    {
        EndRun(e.At, ran: true);
        Status = JobStatus.Queued;
        Error = e.Error;
        RunAt = e.RunAt;
        Message = $"attempt {e.Attempt} failed; retrying at {e.RunAt:u}";
    }

    public void Apply(JobArtifactsExpired e) => Artifacts = [];

    public void Apply(JobLeftProject e) => ProjectId = null;

    public void Apply(JobRetried e)
    {
        Status = JobStatus.Queued;
        AttemptsBeforeRetry = Attempt;
        Held = JobCosts.MostFor(Price, Timeout, MaxAttempts);
        (Error, Output, FinishedAt, RunAt, Progress) = (null, null, null, null, 0);
        Artifacts = [];
        LogLines = 0;
        Message = "retry requested";
    }

    public void Apply(JobSucceeded e)
    {
        EndRun(e.At, ran: true);
        Held = 0;
        Status = JobStatus.Succeeded;
        Progress = 100;
        Message = "succeeded";
        Output = e.Output;
        Artifacts = e.Artifacts;
        FinishedAt = e.At;
    }

    public void Apply(JobFailed e)
    {
        EndRun(e.At, ran: true);
        Held = 0;
        Status = JobStatus.Failed;
        Error = e.Error;
        Message = "failed";
        FinishedAt = e.At;
    }

    public void Apply(JobCancelled e)
    {
        EndRun(e.At, ran: !e.RunLost);
        Held = 0;
        Status = JobStatus.Cancelled;
        Message = e.Reason;
        FinishedAt = e.At;
    }

    // An attempt ends: one that was running is charged its cost out of what is held, and its time counts. A run lost
    // with its host never gets here: a recovered start begins the attempt's clock again, a requeue waits for that start.
    private void EndRun(DateTimeOffset at, bool ran)
    {
        if (!ran || Status is not (JobStatus.Running or JobStatus.Cancelling) || StartedAt is not { } started)
            return;
        RunSeconds += Math.Max((at - started).TotalSeconds, 0);
        var cost = Price is null ? 0 : Math.Min(Held, JobCosts.OfRun(Price, at - started));
        (Held, Charged) = (Held - cost, Charged + cost);
    }

    /// <summary>Applies any job event; used where events are folded outside Marten (replay, decisions).</summary>
    public void When(object @event)
    {
        switch (@event)
        {
            case JobSubmitted e:
                var created = Create(e);
                (Type, Input, Priority, OwnerId, SubmittedBy, SubmittedAt, Status, Message) =
                    (created.Type, created.Input, created.Priority, created.OwnerId, created.SubmittedBy, created.SubmittedAt, created.Status, created.Message);
                (RunAt, MaxAttempts, Timeout, BatchId, Webhook, Room, Files, ProjectId) =
                    (created.RunAt, created.MaxAttempts, created.Timeout, created.BatchId, created.Webhook, created.Room, created.Files, created.ProjectId);
                (Price, EndUser, Held) = (created.Price, created.EndUser, created.Held);
                break;
            case JobStarted e: Apply(e); break;
            case JobProgressed e: Apply(e); break;
            case JobLogged e: Apply(e); break;
            case JobCancelRequested e: Apply(e); break;
            case JobRequeued e: Apply(e); break;
            case JobSucceeded e: Apply(e); break;
            case JobFailed e: Apply(e); break;
            case JobCancelled e: Apply(e); break;
            case JobRetryScheduled e: Apply(e); break;
            case JobRetried e: Apply(e); break;
            case JobArtifactsExpired e: Apply(e); break;
            case JobLeftProject e: Apply(e); break;
        }
    }

    public JobView Copy()
    {
        var copy = (JobView)MemberwiseClone();
        copy.Metrics = new Dictionary<string, double>(Metrics);
        copy.Artifacts = [.. Artifacts];
        return copy;
    }

    public Job ToContract() => new(
        Id, Type, Status, Priority, Input, Progress, Message, Metrics, Output, Artifacts, Error,
        Attempt, OwnerId, SubmittedAt, StartedAt, FinishedAt, Version, RunAt, MaxAttempts, BatchId, Webhook, Room, ProjectId, SubmittedBy,
        EndUser, Price is null ? null : new JobCredits(Held, Charged));
}
