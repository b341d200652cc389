using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Storage.Settings;

namespace Platform.Jobs.Projects;

internal static class ProjectsExtensions
{
    /// <summary>Projects: their settings, their counts and the commands on them; the store's part (<c>ProjectGate</c>) comes with storage.</summary>
    public static IServiceCollection AddProjects(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ProjectsOptions>(configuration, ProjectsOptions.Section, ProjectsOptions.Rules);
        services.AddSingleton<ProjectCounting>();
        services.AddSingleton<ProjectCommands>();
        return services;
    }
}
