using Platform.Storage.Outcomes;

namespace Platform.Storage.Projects;

/// <summary>Why a project, or work put into one, is refused; every refusal names the project.</summary>
public static class ProjectRefusals
{
    public const string ArchivedCode = "project_archived";
    public const string NameTakenCode = "project_name_taken";
    public const string NotEmptyCode = "project_not_empty";
    public const string LimitReachedCode = "project_limit_reached";

    // Another owner's project is "not found" too: anything else would confirm that the id exists.
    public static Refusal NotFound(Guid projectId) =>
        Refusal.NotFound("Project not found.", detail: $"There is no project {projectId}; project must name one of your projects.");

    public static Refusal Archived(Guid projectId) => Refusal.Conflict(ArchivedCode, "The project is archived.",
        $"project {projectId} is archived and takes no new jobs, files or schedules; unarchive it first.");

    public static Refusal NameTaken(string name) => Refusal.Conflict(NameTakenCode, "A project of that name exists.",
        $"name: you already have a project named '{name}' (names are compared in any case).");

    public static Refusal LimitReached(int most) => Refusal.Conflict(LimitReachedCode, "Too many projects.",
        $"You may keep at most {most} projects (Projects:MaxProjectsPerOwner); delete one first.");

    public static Refusal NotEmpty(Guid projectId, string remaining) => Refusal.Conflict(NotEmptyCode, "The project still has unfinished work.",
        $"project {projectId} still has {remaining}; cancel or wait for its jobs and pause or delete its schedules first.");
}
