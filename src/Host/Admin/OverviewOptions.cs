using Platform.Hubs.Overview;
using Platform.Storage.Settings;

namespace Platform.Host.Admin;

/// <summary>The <c>Overview</c> section: how often admins watching the cluster get its overview, and how much throughput history it keeps.</summary>
public sealed class OverviewOptions
{
    public const string Section = "Overview";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(10);
}

public static class OverviewExtensions
{
    /// <summary>The cluster's overview, pushed live over the hub to the admins who watch it.</summary>
    public static WebApplicationBuilder AddClusterOverview(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<OverviewOptions>(builder.Configuration, OverviewOptions.Section,
            overview => overview.Positive(o => o.Interval).AtLeast(o => o.History, o => o.Interval));
        builder.Services.AddSingleton<OverviewFeed>();
        builder.Services.AddSingleton<IClusterOverview>(sp => sp.GetRequiredService<OverviewFeed>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OverviewFeed>());
        return builder;
    }
}
