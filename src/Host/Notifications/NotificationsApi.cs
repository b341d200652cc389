using Marten;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Host.Jobs;
using Platform.Storage;
using Platform.Storage.Notifications;

namespace Platform.Host.Notifications;

/// <summary>The caller's own notifications: what was pushed live over the hub, kept for whoever was offline.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapApiGroup("/api/v1/notifications", "Notifications", Scopes.JobsRead);

        notifications.MapGet("/", ListAsync)
            .Describe("ListNotifications", "My notifications, newest first; unreadOnly=true for the unread ones");
        notifications.MapPost("/{id:guid}/read", ReadAsync)
            .Describe("ReadNotification", "Mark one of my notifications read");
        notifications.MapPost("/read-all", ReadAllAsync)
            .Describe("ReadAllNotifications", "Mark all my notifications read");
        return notifications;
    }

    private static async Task<Results<Ok<Page<Notification>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal caller, IQuerySession documents, bool? unreadOnly, int? page, int? pageSize, CancellationToken ct)
    {
        if (JobListQuery.PagingProblem(page, pageSize) is { } problem)
            return problem;
        var owner = caller.UserIdOf().ToString();
        var query = documents.Query<NotificationRecord>().Where(n => n.OwnerId == owner);
        if (unreadOnly == true)
            query = query.Where(n => n.ReadAt == null);
        return TypedResults.Ok(await query.NewestFirstAsync(n => n.CreatedAt, page ?? 1, pageSize ?? 20, n => n.ToContract(), ct));
    }

    private static async Task<Results<Ok<Notification>, ProblemHttpResult>> ReadAsync(
        Guid id, ClaimsPrincipal caller, IDocumentSession documents, TimeProvider clock, CancellationToken ct)
    {
        var notification = await documents.LoadAsync<NotificationRecord>(id, ct);
        // Another user's notification is as absent as one that never existed.
        if (notification is null || notification.OwnerId != caller.UserIdOf().ToString())
            return ApiProblems.Create(StatusCodes.Status404NotFound, "not_found", "Notification not found.", $"There is no notification {id}.");
        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow();
            documents.Update(notification);
            await documents.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(notification.ToContract());
    }

    private static async Task<Ok<NotificationsRead>> ReadAllAsync(ClaimsPrincipal caller, IDocumentSession documents, TimeProvider clock, CancellationToken ct)
    {
        var owner = caller.UserIdOf().ToString();
        var unread = await documents.Query<NotificationRecord>().Where(n => n.OwnerId == owner && n.ReadAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var notification in unread)
        {
            notification.ReadAt = now;
            documents.Update(notification);
        }
        await documents.SaveChangesAsync(ct);
        return TypedResults.Ok(new NotificationsRead(unread.Count));
    }
}
