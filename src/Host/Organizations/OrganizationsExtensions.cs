using Platform.Storage.Settings;

namespace Platform.Host.Organizations;

public static class OrganizationsExtensions
{
    /// <summary>Organizations: their settings, checked on start, and the services their endpoints and the platform's admins call.</summary>
    public static WebApplicationBuilder AddOrganizations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<OrganizationsOptions>(builder.Configuration, OrganizationsOptions.Section, OrganizationsOptions.Rules);
        builder.Services.AddSingleton<OrganizationService>();
        builder.Services.AddSingleton<OrganizationAdministration>();
        return builder;
    }
}
