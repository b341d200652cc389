using Platform.Host.Admin;
using Platform.Host.Credits;
using Platform.Host.Dashboard;
using Platform.Host.Files;
using Platform.Host.Jobs;
using Platform.Host.Links;
using Platform.Host.Notifications;
using Platform.Host.Organizations;
using Platform.Host.Projects;
using Platform.Host.Rooms;
using Platform.Host.Schedules;
using Platform.Host.Webhooks;
using Platform.Host.Workers;
using Platform.Hubs;
using Platform.Jobs;
using Platform.Jobs.Credits;
using Platform.Jobs.Mail;
using Platform.Storage;

namespace Platform.Host;

/// <summary>
/// The whole platform in two calls, for this host and for any ASP.NET Core application that embeds it and adds its
/// own job types (<c>builder.AddPlatform(); builder.Services.AddJobHandler&lt;MyHandler&gt;(); app.MapPlatform();</c>).
/// </summary>
public static class PlatformHost
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddRateLimits();
        builder.AddStreamSlots();
        builder.Services.AddSingleton<WorkerWaits>();
        builder.AddStorage();
        builder.AddJobs();
        builder.AddMail();
        builder.AddHubs();
        builder.AddAccounts();
        builder.AddLinks();
        builder.AddOrganizations();
        builder.Services.AddSingleton<ILowBalanceListener, LowBalanceNotifications>();
        builder.AddAdminApi();
        builder.AddHostBeats();
        builder.AddClusterOverview();
        builder.AddUploadExpiry();
        return builder;
    }

    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.UseDashboard();
        app.UseFailedAuthenticationLimit();
        app.UseAuthentication();
        app.UseActingOwner();
        app.UseAuthorization();
        app.UseRateLimits();
        app.MapAccountsApi();
        app.MapAdminApi();
        app.MapJobsApi();
        app.MapMetricsApi();
        app.MapLinksApi();
        app.MapJobTypesApi();
        app.MapAdminJobTypesApi();
        app.MapWorkerApi();
        app.MapSchedulesApi();
        app.MapProjectsApi();
        app.MapCreditsApi();
        app.MapUsageApi();
        app.MapFilesApi();
        app.MapUploadsApi();
        app.MapRoomsApi();
        app.MapOrganizationsApi();
        app.MapMessageSearchApi();
        app.MapNotificationsApi();
        app.MapWebhooksApi();
        app.MapHubs();
        return app;
    }
}
