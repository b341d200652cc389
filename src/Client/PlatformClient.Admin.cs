using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;

namespace Platform.Client;

// Calls only an admin's credentials may make (a signed-in admin, or an API key with the admin scope); others get 403.
public sealed partial class PlatformClient
{
    /// <summary>Every user, or those whose e-mail or name contains <paramref name="search"/>.</summary>
    public Task<Page<AdminUser>> AdminListUsersAsync(string? search = null, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<AdminUser>>(HttpMethod.Get,
            $"api/v1/admin/users?page={page}&pageSize={pageSize}" + (search is null ? "" : $"&search={Uri.EscapeDataString(search)}"), null, ct);

    /// <summary>Stops the user's sign-ins, sessions and API keys at once.</summary>
    public Task<AdminUser> AdminDisableUserAsync(Guid userId, CancellationToken ct = default) =>
        SendAsync<AdminUser>(HttpMethod.Post, $"api/v1/admin/users/{userId}/disable", null, ct);

    public Task<AdminUser> AdminEnableUserAsync(Guid userId, CancellationToken ct = default) =>
        SendAsync<AdminUser>(HttpMethod.Post, $"api/v1/admin/users/{userId}/enable", null, ct);

    /// <summary>Makes the user a <c>user</c> or an <c>admin</c>.</summary>
    public Task<AdminUser> AdminChangeRoleAsync(Guid userId, string role, CancellationToken ct = default) =>
        SendAsync<AdminUser>(HttpMethod.Put, $"api/v1/admin/users/{userId}/role", new ChangeRoleRequest(role), ct);

    /// <summary>Every user's jobs, newest first, optionally of one owner, status or type.</summary>
    public Task<Page<Job>> AdminListJobsAsync(
        string? ownerId = null, JobStatus? status = null, string? type = null, int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        var query = JobListPath("api/v1/admin/jobs", status, type, page, pageSize);
        if (ownerId is not null)
            query += $"&owner={Uri.EscapeDataString(ownerId)}";
        return SendAsync<Page<Job>>(HttpMethod.Get, query, null, ct);
    }

    /// <summary>Retries or cancels (<see cref="BulkJobActions"/>) these jobs of any users; what became of each, in the order given.</summary>
    public Task<BulkJobsResult> AdminBulkJobsAsync(string action, IReadOnlyList<Guid> jobIds, CancellationToken ct = default) =>
        SendAsync<BulkJobsResult>(HttpMethod.Post, "api/v1/admin/jobs/bulk", new BulkJobsRequest(action, jobIds), ct);

    /// <summary>Every user's schedules with their owners, newest first, optionally of one owner or whose name contains <paramref name="search"/>.</summary>
    public Task<Page<AdminSchedule>> AdminListSchedulesAsync(
        Guid? ownerId = null, string? search = null, int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        var query = $"api/v1/admin/schedules?page={page}&pageSize={pageSize}";
        if (ownerId is not null)
            query += $"&owner={ownerId}";
        if (search is not null)
            query += $"&search={Uri.EscapeDataString(search)}";
        return SendAsync<Page<AdminSchedule>>(HttpMethod.Get, query, null, ct);
    }

    /// <summary>Submits the schedule's job now as its owner, paused or not, and counts it as a run; answers the job.</summary>
    public Task<Job> AdminTriggerScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync<Job>(HttpMethod.Post, $"api/v1/admin/schedules/{scheduleId}/trigger", null, ct);

    public Task<AdminSchedule> AdminPauseScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync<AdminSchedule>(HttpMethod.Post, $"api/v1/admin/schedules/{scheduleId}/pause", null, ct);

    public Task<AdminSchedule> AdminResumeScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync<AdminSchedule>(HttpMethod.Post, $"api/v1/admin/schedules/{scheduleId}/resume", null, ct);

    public Task AdminDeleteScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/admin/schedules/{scheduleId}", null, ct);

    /// <summary>Every stored room, public or private, newest first, optionally whose name contains <paramref name="search"/>.</summary>
    public Task<Page<Room>> AdminListRoomsAsync(string? search = null, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<Room>>(HttpMethod.Get,
            $"api/v1/admin/rooms?page={page}&pageSize={pageSize}{(search is null ? "" : $"&search={Uri.EscapeDataString(search)}")}", null, ct);

    public Task<Room> AdminUpdateRoomAsync(Guid roomId, UpdateRoomRequest request, CancellationToken ct = default) =>
        SendAsync<Room>(HttpMethod.Patch, $"api/v1/admin/rooms/{roomId}", request, ct);

    public Task AdminDeleteRoomAsync(Guid roomId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/admin/rooms/{roomId}", null, ct);

    public Task AdminRemoveRoomMemberAsync(Guid roomId, Guid userId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/admin/rooms/{roomId}/members/{userId}", null, ct);

    /// <summary>Users, jobs by status and the queue's depth across the platform.</summary>
    public Task<SystemStats> AdminGetStatsAsync(CancellationToken ct = default) =>
        SendAsync<SystemStats>(HttpMethod.Get, "api/v1/admin/stats", null, ct);

    /// <summary>Every host of the cluster, up, gone or stopped, as its last beat described it.</summary>
    public Task<IReadOnlyList<HostInfo>> AdminListHostsAsync(CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<HostInfo>>(HttpMethod.Get, "api/v1/admin/hosts", null, ct);

    /// <summary>The cluster at a glance: hosts, the queue by job type, and jobs ended per second recently.</summary>
    public Task<ClusterOverview> AdminGetOverviewAsync(CancellationToken ct = default) =>
        SendAsync<ClusterOverview>(HttpMethod.Get, "api/v1/admin/overview", null, ct);

    /// <summary>The audit log, newest first, optionally of one action or one user.</summary>
    public Task<Page<AuditRecord>> AdminReadAuditAsync(string? action = null, Guid? userId = null, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        var query = $"api/v1/admin/audit?page={page}&pageSize={pageSize}";
        if (action is not null)
            query += $"&action={Uri.EscapeDataString(action)}";
        if (userId is not null)
            query += $"&userId={userId}";
        return SendAsync<Page<AuditRecord>>(HttpMethod.Get, query, null, ct);
    }

    /// <summary>Admins only: tells every user who wants admin broadcasts, stored as their notification and pushed live.</summary>
    public Task<BroadcastSent> BroadcastAsync(BroadcastRequest request, CancellationToken ct = default) =>
        SendAsync<BroadcastSent>(HttpMethod.Post, "api/v1/admin/broadcasts", request, ct);
}
