using Platform.Storage.Settings;

namespace Platform.Jobs.Projects;

/// <summary>The <c>Projects</c> configuration section: how many projects one owner may keep.</summary>
public sealed class ProjectsOptions
{
    public const string Section = "Projects";

    /// <summary>How many projects, archived ones included, one owner may keep; one more is refused.</summary>
    public int MaxProjectsPerOwner { get; set; } = 1000;

    public static void Rules(SettingsRules<ProjectsOptions> rules) => rules
        .Positive(o => o.MaxProjectsPerOwner);
}
