namespace Platform.Host.Dashboard;

/// <summary>The browser dashboard at <c>/</c>: the files ClientApp builds into wwwroot.</summary>
public static class DashboardFiles
{
    /// <summary>Serves the dashboard's files; call before authentication, since the page itself is what signs people in.</summary>
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // The file names carry no version, so browsers check each time; an unchanged file costs a 304.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
