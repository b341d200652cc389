using Marten;
using Platform.Storage.Accounts;

namespace Platform.Host.Accounts;

/// <summary>Records sensitive actions in their own transaction, so a refused request is recorded too.</summary>
public sealed class AuditLog(IDocumentStore store, IHttpContextAccessor http, TimeProvider clock, ILogger<AuditLog> logger)
{
    public Task RecordAsync(string action, Guid? actorId, Guid? subjectId, bool succeeded, string? detail = null) =>
        RecordManyAsync(action, actorId, [(subjectId, succeeded, detail)]);

    /// <summary>One entry per subject of the same action, all in one transaction.</summary>
    public async Task RecordManyAsync(string action, Guid? actorId, IReadOnlyList<(Guid? SubjectId, bool Succeeded, string? Detail)> entries)
    {
        var context = http.HttpContext;
        var (at, ip, requestId) = (clock.GetUtcNow(), context?.Connection.RemoteIpAddress?.ToString(), context?.TraceIdentifier);
        try
        {
            await using var documents = store.LightweightSession();
            foreach (var (subjectId, succeeded, detail) in entries)
                documents.Insert(new AuditEntry
                {
                    Id = Guid.NewGuid(),
                    At = at,
                    Action = action,
                    ActorId = actorId,
                    SubjectId = subjectId,
                    Succeeded = succeeded,
                    Ip = ip,
                    RequestId = requestId,
                    Detail = detail,
                });
            await documents.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            // The action itself has happened; losing its audit line must not turn it into an error for the caller.
            logger.LogError(e, "Could not record audit entry {Action} for request {RequestId}", action, requestId);
        }
    }
}

public static class AuditActions
{
    public const string Registered = "user.registered";
    public const string LoginFailed = "login.failed";
    public const string RefreshTokenReused = "refresh_token.reused";
    public const string PasswordChanged = "password.changed";
    public const string PasswordResetRequested = "password.reset_requested";
    public const string PasswordReset = "password.reset";
    public const string SessionRevoked = "session.revoked";
    public const string ApiKeyCreated = "api_key.created";
    public const string ApiKeyRevoked = "api_key.revoked";
    public const string RoleChanged = "user.role_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string BroadcastSent = "admin.broadcast_sent";
    public const string JobTypeDeclared = "job_type.declared";
    public const string JobTypeRemoved = "job_type.removed";
    public const string JobRetriedByAdmin = "admin.job_retried";
    public const string CreditsGranted = "credits.granted";
    public const string CreditsAdjusted = "credits.adjusted";
    public const string CreditsRefunded = "credits.refunded";
    public const string JobCancelledByAdmin = "admin.job_cancelled";
    public const string ScheduleTriggered = "schedule.triggered";
    public const string SchedulePaused = "schedule.paused";
    public const string ScheduleResumed = "schedule.resumed";
    public const string ScheduleDeleted = "schedule.deleted";
    public const string RoomChangedByAdmin = "admin.room_changed";
    public const string RoomDeletedByAdmin = "admin.room_deleted";
    public const string RoomMemberRemovedByAdmin = "admin.room_member_removed";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationDeleted = "organization.deleted";
    public const string OrganizationInvited = "organization.invited";
    public const string OrganizationInvitationWithdrawn = "organization.invitation_withdrawn";
    public const string OrganizationJoined = "organization.joined";
    public const string OrganizationLeft = "organization.left";
    public const string OrganizationMemberRemoved = "organization.member_removed";
    public const string OrganizationRoleChanged = "organization.role_changed";
    public const string OrganizationDisabledByAdmin = "admin.organization_disabled";
    public const string OrganizationEnabledByAdmin = "admin.organization_enabled";
    public const string OrganizationDeletedByAdmin = "admin.organization_deleted";
}
