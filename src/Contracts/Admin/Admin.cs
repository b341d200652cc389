using Platform.Contracts.Jobs;

namespace Platform.Contracts.Admin;

public sealed record AdminUser(Guid Id, string Email, string DisplayName, string Role, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>Body of <c>PUT /api/v1/admin/users/{id}/role</c>.</summary>
public sealed record ChangeRoleRequest(string Role);

public sealed record SystemStats(long Users, long DisabledUsers, JobStats Jobs, long QueueDepth);

/// <summary>One sensitive action as admins read it back.</summary>
public sealed record AuditRecord(Guid Id, DateTimeOffset At, string Action, Guid? ActorId, Guid? SubjectId, bool Succeeded, string? Ip, string? RequestId, string? Detail);
