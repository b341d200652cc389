using Platform.Contracts.Jobs;

namespace Platform.Contracts.Admin;

public sealed record AdminUser(Guid Id, string Email, string DisplayName, string Role, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>Body of <c>PUT /api/v1/admin/users/{id}/role</c>.</summary>
public sealed record ChangeRoleRequest(string Role);

public sealed record SystemStats(long Users, long DisabledUsers, JobStats Jobs, long QueueDepth);

/// <summary>One sensitive action as admins read it back.</summary>
public sealed record AuditRecord(Guid Id, DateTimeOffset At, string Action, Guid? ActorId, Guid? SubjectId, bool Succeeded, string? Ip, string? RequestId, string? Detail);

/// <summary>
/// A host of the cluster as its last beat described it: <see cref="HostState.Up"/> while it beats,
/// <see cref="HostState.Gone"/> once silent for longer than <c>Hosts:GoneAfter</c> (killed, or cut off from PostgreSQL),
/// <see cref="HostState.Stopped"/> when it shut down on purpose. <see cref="JobsSucceeded"/> and <see cref="JobsFailed"/>
/// count the jobs whose end it stored since it started.
/// </summary>
public sealed record HostInfo(string Name, string Version, HostState State, DateTimeOffset StartedAt, DateTimeOffset LastBeatAt,
    int Workers, int JobsRunning, int HubConnections, long JobsSucceeded, long JobsFailed);

public enum HostState
{
    Up,
    Gone,
    Stopped,
}
