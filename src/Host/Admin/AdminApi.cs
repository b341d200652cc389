using Marten;
using Platform.Contracts;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Workers;
using Platform.Host.Credits;
using Platform.Host.Jobs;
using Platform.Hubs.Notifications;
using Platform.Jobs.Model;
using Platform.Jobs.Remote;
using Platform.Storage;
using Platform.Storage.Accounts;
using Platform.Storage.Hosts;
using Platform.Storage.Queue;

namespace Platform.Host.Admin;

/// <summary>What only admins see and do: every user, every job and schedule, the system's figures and the audit log.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapApiGroup("/api/v1/admin", "Admin", Scopes.Admin);

        admin.MapGet("/users", ListUsersAsync)
            .Describe("AdminListUsers", "Every user, newest first; search by e-mail or name");
        admin.MapPost("/users/{id:guid}/disable", DisableAsync)
            .Describe("AdminDisableUser", "Disable a user: their tokens, sessions and API keys stop working at once");
        admin.MapPost("/users/{id:guid}/enable", EnableAsync)
            .Describe("AdminEnableUser", "Enable a disabled user");
        admin.MapPut("/users/{id:guid}/role", ChangeRoleAsync)
            .Describe("AdminChangeRole", "Make a user an admin or a user")
            .Accepts<ChangeRoleRequest>("application/json");
        admin.MapGet("/jobs", ListJobsAsync)
            .Describe("AdminListJobs", "Every user's jobs, newest first");
        admin.MapAdminJobActions();
        admin.MapAdminSchedulesApi();
        admin.MapAdminRoomsApi();
        admin.MapAdminOrganizationsApi();
        admin.MapAdminCreditsApi();
        admin.MapGet("/workers", WorkersAsync)
            .Describe("AdminListWorkers", "Every worker outside the hosts that has claimed jobs: its types, the jobs it holds now, when it was last seen");
        admin.MapGet("/hosts", HostsAsync)
            .Describe("AdminListHosts", "Every host that beat within Hosts:RemoveAfter: up, gone (silent past Hosts:GoneAfter) or stopped, with its workers, running jobs and hub connections");
        admin.MapGet("/overview", OverviewAsync)
            .Describe("AdminGetOverview", "The cluster at a glance: hosts, the queue by job type (ready, scheduled, running), and jobs ended per second over Overview:History; admins watching over the hub (WatchOverview) get it pushed every Overview:Interval");
        admin.MapGet("/stats", StatsAsync)
            .Describe("AdminGetStats", "Users, jobs by status, and queue depth");
        admin.MapGet("/audit", AuditAsync)
            .Describe("AdminReadAudit", "Sensitive actions, newest first; filter by action or user");
        admin.MapPost("/broadcasts", BroadcastAsync)
            .Describe("AdminBroadcast", "Tell every user who wants admin broadcasts: stored as their notification and pushed live")
            .Accepts<BroadcastRequest>("application/json");
        return admin;
    }

    private static async Task<Ok<IReadOnlyList<HostInfo>>> HostsAsync(HostRegistry registry, IOptions<HostsOptions> options, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<HostInfo>>((await registry.ListAsync(ct)).Select(host => HostBeats.Describe(host, options.Value.GoneAfter)).ToList());

    private static async Task<Ok<ClusterOverview>> OverviewAsync(OverviewFeed overview, CancellationToken ct) =>
        TypedResults.Ok(await overview.CurrentAsync(ct));

    private static async Task<Ok<IReadOnlyList<WorkerInfo>>> WorkersAsync(RemoteWork work, CancellationToken ct) =>
        TypedResults.Ok(await work.ListWorkersAsync(ct));

    private static async Task<Results<Ok<Page<AdminUser>>, ValidationProblem>> ListUsersAsync(
        IQuerySession documents, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        if (JobListQuery.PagingProblem(page, pageSize) is { } problem)
            return problem;
        IQueryable<UserAccount> query = documents.Query<UserAccount>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail.Contains(normalized) || u.DisplayName.Contains(search.Trim()));
        }
        return TypedResults.Ok(await query.NewestFirstAsync(u => u.CreatedAt, page ?? 1, pageSize ?? 20, UserAdministration.ToAdminUser, ct));
    }

    private static async Task<Results<Ok<AdminUser>, ProblemHttpResult, ValidationProblem>> DisableAsync(
        Guid id, ClaimsPrincipal caller, UserAdministration users, CancellationToken ct) =>
        (await users.DisableAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<AdminUser>, ProblemHttpResult, ValidationProblem>> EnableAsync(
        Guid id, ClaimsPrincipal caller, UserAdministration users, CancellationToken ct) =>
        (await users.EnableAsync(caller.UserIdOf(), id, ct)).Ok();

    private static async Task<Results<Ok<AdminUser>, ProblemHttpResult, ValidationProblem>> ChangeRoleAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, UserAdministration users, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, (ChangeRoleRequest body) => users.ChangeRoleAsync(caller.UserIdOf(), id, body, ct), ct)).Ok();

    private static async Task<Results<Ok<Page<Job>>, ValidationProblem>> ListJobsAsync(
        IQuerySession documents, string? owner, string? status, string? type, int? page, int? pageSize, CancellationToken ct)
    {
        var (filter, problem) = JobListQuery.Parse(owner, status, type, page, pageSize);
        return filter is null ? problem! : TypedResults.Ok(await documents.ListAsync(filter, ct));
    }

    private static async Task<Ok<SystemStats>> StatsAsync(IQuerySession documents, JobQueue queue, CancellationToken ct)
    {
        var users = await documents.Query<UserAccount>().CountAsync(ct);
        var disabled = await documents.Query<UserAccount>().CountAsync(u => u.Disabled, ct);
        return TypedResults.Ok(new SystemStats(users, disabled, await documents.StatsAsync(null, ct), await queue.DepthAsync(ct)));
    }

    private static async Task<Results<Ok<Page<AuditRecord>>, ValidationProblem>> AuditAsync(
        IQuerySession documents, string? action, Guid? userId, int? page, int? pageSize, CancellationToken ct)
    {
        if (JobListQuery.PagingProblem(page, pageSize) is { } problem)
            return problem;
        IQueryable<AuditEntry> query = documents.Query<AuditEntry>();
        if (!string.IsNullOrWhiteSpace(action))
            query = query.Where(e => e.Action == action);
        if (userId is { } id)
            query = query.Where(e => e.ActorId == id || e.SubjectId == id);
        return TypedResults.Ok(await query.NewestFirstAsync(e => e.At, page ?? 1, pageSize ?? 50,
            e => new AuditRecord(e.Id, e.At, e.Action, e.ActorId, e.SubjectId, e.Succeeded, e.Ip, e.RequestId, e.Detail), ct));
    }

    private static async Task<Results<Ok<BroadcastSent>, ValidationProblem>> BroadcastAsync(
        HttpRequest request, ClaimsPrincipal caller, Notifier notifier, AuditLog audit, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<BroadcastRequest>(request, ct);
        if (body is null)
            return problem!;
        var errors = new FieldErrors();
        errors.Required("title", body.Title);
        errors.MaxLength("title", body.Title, MaxBroadcastTitle);
        errors.Required("message", body.Message);
        errors.MaxLength("message", body.Message, MaxBroadcastMessage);
        if (errors.Any)
            return ApiProblems.Invalid(errors);

        var (broadcastId, recipients) = await notifier.BroadcastAsync(body.Title!.Trim(), body.Message!.Trim(), ct);
        await audit.RecordAsync(AuditActions.BroadcastSent, caller.UserIdOf(), null, succeeded: true, $"broadcast {broadcastId} to {recipients} users: {body.Title.Trim()}");
        return TypedResults.Ok(new BroadcastSent(broadcastId, recipients));
    }

    private const int MaxBroadcastTitle = 200;
    private const int MaxBroadcastMessage = 4000;
}
