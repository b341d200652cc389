using Platform.Contracts.Jobs;

namespace Platform.Storage.Schedules;

/// <summary>A recurring job as stored: the template it submits and when. Quartz holds its trigger, keyed by <see cref="Id"/>.</summary>
public sealed class JobSchedule
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Cron { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public SubmitJobRequest Job { get; set; } = null!;

    /// <summary>The owner's project the schedule belongs to, and each firing submits into; null for none.</summary>
    public Guid? ProjectId { get; set; }

    /// <summary>The uploaded files its job's input names: kept while the schedule lasts.</summary>
    public List<Guid> Files { get; set; } = [];
    public bool Paused { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public Guid? LastJobId { get; set; }
    public int Runs { get; set; }

    /// <summary>Why the last firing submitted no job (its owner's queue quota, say); null when it submitted one.</summary>
    public string? LastRefusal { get; set; }
}
