using Platform.Contracts;
using Platform.Contracts.Projects;

namespace Platform.Jobs.Projects;

/// <summary>What a project's name and description must be, checked alike wherever they are given.</summary>
public static class ProjectRules
{
    public static void CheckName(FieldErrors errors, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > ProjectLimits.MaxNameLength)
            errors.Add("name", $"is required, at most {ProjectLimits.MaxNameLength} characters.");
        else if (!StorableText.AllowsAsLine(name))
            errors.Add("name", StorableText.LineProblem);
    }

    public static void CheckDescription(FieldErrors errors, string? description)
    {
        if (description is null)
            return;
        if (description.Length > ProjectLimits.MaxDescriptionLength)
            errors.Add("description", $"must be at most {ProjectLimits.MaxDescriptionLength} characters.");
        else if (!StorableText.Allows(description))
            errors.Add("description", StorableText.Problem);
    }

    /// <summary>The description as kept: trimmed, and none when blank.</summary>
    public static string? DescriptionOf(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();
}
