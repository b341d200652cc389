using Platform.Host.Schedules;
using Platform.Storage.Settings;

namespace Platform.Host.Admin;

/// <summary>The <c>Admin</c> section: how much one admin request may take on.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The most jobs one bulk retry or cancel may name.</summary>
    public int MaxBulkJobs { get; set; } = 100;
}

public static class AdminExtensions
{
    /// <summary>The admin API's settings, checked on start, and what admins do to every user's schedules.</summary>
    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<AdminOptions>(builder.Configuration, AdminOptions.Section, admin => admin.Positive(o => o.MaxBulkJobs));
        builder.Services.AddScoped<ScheduleAdministration>();
        return builder;
    }
}
