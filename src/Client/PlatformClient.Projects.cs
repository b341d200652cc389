using Platform.Contracts.Files;
using Platform.Contracts.Jobs;
using Platform.Contracts.Projects;
using Platform.Contracts.Schedules;

namespace Platform.Client;

// Projects: named groups of the owner's jobs, files and schedules. Jobs and schedules go into one through the
// Project of their requests; files through UploadFileToProjectAsync.
public sealed partial class PlatformClient
{
    public Task<Project> CreateProjectAsync(CreateProjectRequest request, CancellationToken ct = default) =>
        SendAsync<Project>(HttpMethod.Post, "api/v1/projects", request, ct);

    /// <summary>The caller's projects, oldest first, each with what it holds counted.</summary>
    public Task<List<Project>> ListProjectsAsync(CancellationToken ct = default) =>
        SendAsync<List<Project>>(HttpMethod.Get, "api/v1/projects", null, ct);

    public Task<Project> GetProjectAsync(Guid projectId, CancellationToken ct = default) =>
        SendAsync<Project>(HttpMethod.Get, $"api/v1/projects/{projectId}", null, ct);

    /// <summary>Renames the project or changes its description; what the request leaves null stays.</summary>
    public Task<Project> UpdateProjectAsync(Guid projectId, UpdateProjectRequest request, CancellationToken ct = default) =>
        SendAsync<Project>(HttpMethod.Patch, $"api/v1/projects/{projectId}", request, ct);

    /// <summary>Archives the project: nothing new goes into it until it is unarchived.</summary>
    public Task<Project> ArchiveProjectAsync(Guid projectId, CancellationToken ct = default) =>
        SendAsync<Project>(HttpMethod.Post, $"api/v1/projects/{projectId}/archive", null, ct);

    public Task<Project> UnarchiveProjectAsync(Guid projectId, CancellationToken ct = default) =>
        SendAsync<Project>(HttpMethod.Post, $"api/v1/projects/{projectId}/unarchive", null, ct);

    /// <summary>A new project with the same description and a paused copy of each of the project's schedules.</summary>
    public Task<Project> DuplicateProjectAsync(Guid projectId, string name, CancellationToken ct = default) =>
        SendAsync<Project>(HttpMethod.Post, $"api/v1/projects/{projectId}/duplicate", new DuplicateProjectRequest(name), ct);

    /// <summary>Deletes a project with nothing unfinished in it; its finished jobs, files and paused schedules stay, in no project.</summary>
    public Task DeleteProjectAsync(Guid projectId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/projects/{projectId}", null, ct);

    public Task<Page<Job>> ListProjectJobsAsync(Guid projectId, JobStatus? status = null, string? type = null, int page = 1, int pageSize = 20,
        CancellationToken ct = default) =>
        SendAsync<Page<Job>>(HttpMethod.Get, JobListPath($"api/v1/projects/{projectId}/jobs", status, type, page, pageSize), null, ct);

    public Task<Page<UserFile>> ListProjectFilesAsync(Guid projectId, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<UserFile>>(HttpMethod.Get, $"api/v1/projects/{projectId}/files?page={page}&pageSize={pageSize}", null, ct);

    public Task<List<Schedule>> ListProjectSchedulesAsync(Guid projectId, CancellationToken ct = default) =>
        SendAsync<List<Schedule>>(HttpMethod.Get, $"api/v1/projects/{projectId}/schedules", null, ct);

    /// <summary>Uploads a file into the project, as <see cref="UploadFileAsync"/> does otherwise.</summary>
    public Task<UserFile> UploadFileToProjectAsync(Guid projectId, Stream content, string name, string contentType = "application/octet-stream",
        CancellationToken ct = default) =>
        UploadAsync($"api/v1/files?name={Uri.EscapeDataString(name)}&project={projectId}", content, contentType, ct);
}
