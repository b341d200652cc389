namespace Platform.Storage.Accounts;

/// <summary>One sensitive action: who did what to whom, from where, and whether it worked.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Action { get; set; } = "";
    public Guid? ActorId { get; set; }
    public Guid? SubjectId { get; set; }
    public bool Succeeded { get; set; }
    public string? Ip { get; set; }
    public string? RequestId { get; set; }
    public string? Detail { get; set; }
}
