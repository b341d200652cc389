using System.Net;
using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.Contracts.Projects;
using Platform.Contracts.Schedules;
using Platform.IntegrationTests.Files;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.IntegrationTests.Organizations;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Projects;

/// <summary>Projects on the schedules' host, whose schedules may fire every second.</summary>
public sealed class ProjectTests(ScheduleFixture fixture) : IClassFixture<ScheduleFixture>
{
    private const string EverySecond = "* * * * * ?";
    private const string Nightly = "0 0 3 * * ?";

    [Fact]
    public async Task A_project_is_named_uniquely_in_any_case_renamed_and_while_archived_takes_no_new_work()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var project = await client.CreateProjectAsync(new CreateProjectRequest("  Studio  ", "the studio's renders"));

        var clash = await Refused(() => client.CreateProjectAsync(new CreateProjectRequest("STUDIO")));
        var renamed = await client.UpdateProjectAsync(project.Id, new UpdateProjectRequest(Name: "Studio B"));
        var archived = await client.ArchiveProjectAsync(project.Id);
        var refusals = new[]
        {
            await Refused(() => client.SubmitAsync(Quick(project.Id))),
            await Refused(() => client.UploadFileToProjectAsync(project.Id, new MemoryStream("1,2\n"u8.ToArray()), "a.csv", "text/csv")),
            await Refused(() => client.CreateScheduleAsync(new CreateScheduleRequest("nightly", Nightly, Quick(), Project: project.Id))),
        };
        var unarchived = await client.UnarchiveProjectAsync(project.Id);
        var submitted = await client.SubmitAsync(Quick(project.Id));

        (project.Name, project.Description, project.Archived).Should().Be(("Studio", "the studio's renders", false));
        (clash.Status, clash.Code).Should().Be((HttpStatusCode.Conflict, "project_name_taken"));
        clash.Detail.Should().StartWith("name:");
        (renamed.Name, renamed.Description).Should().Be(("Studio B", "the studio's renders"), "what the patch leaves out stays");
        (archived.Archived, archived.ArchivedAt).Should().Match<(bool, DateTimeOffset?)>(a => a.Item1 && a.Item2 != null);
        refusals.Should().AllSatisfy(refusal =>
        {
            (refusal.Status, refusal.Code).Should().Be((HttpStatusCode.Conflict, "project_archived"));
            refusal.Detail.Should().Contain($"project {project.Id}");
        });
        unarchived.Archived.Should().BeFalse();
        submitted.Project.Should().Be(project.Id);
        (await client.ListProjectsAsync()).Should().ContainSingle(p => p.Id == project.Id).Which.Name.Should().Be("Studio B");
    }

    [Fact]
    public async Task Jobs_files_and_schedules_go_into_a_project_its_firings_and_retries_stay_there_and_lists_filter_by_it()
    {
        var key = await fixture.Application.CreateApiKeyAsync();
        var client = fixture.Application.ClientWithKey(key);
        using var http = fixture.Application.HttpWithKey(key);
        var project = await client.CreateProjectAsync(new CreateProjectRequest("bot collection"));
        var outside = await client.SubmitAsync(Quick());

        var failing = await client.SubmitAsync(Quick(project.Id) with { Input = JsonSerializer.SerializeToElement(new { failAttempts = 1 }), MaxAttempts = 1 });
        await client.WaitForCompletionAsync(failing.Id, TimeSpan.FromSeconds(30));
        var retried = await client.RetryAsync(failing.Id);
        var file = await client.UploadFileToProjectAsync(project.Id, new MemoryStream("1,2\n"u8.ToArray()), "data.csv", "text/csv");
        await client.UploadFileAsync(new MemoryStream("3,4\n"u8.ToArray()), "other.csv", "text/csv");
        var upload = await TusRequests.OpenAsync(http, 4, "resumed.csv", "text/csv", project.Id);
        await TusRequests.AppendAsync(http, upload, 0, "5,6\n"u8.ToArray());
        using var uploaded = await TusRequests.HeadAsync(http, upload);
        var resumed = await client.GetFileAsync(TusRequests.FileIdOf(uploaded)!.Value);
        var schedule = await client.CreateScheduleAsync(new CreateScheduleRequest("every second", EverySecond, Quick(), Project: project.Id));
        var fired = await Eventually.ReadAsync(() => client.GetScheduleAsync(schedule.Id), s => s.LastJobId is not null, "the schedule fired");
        await client.PauseScheduleAsync(schedule.Id);

        (retried.Project, file.Project, resumed.Project, schedule.Project).Should().Be((project.Id, project.Id, project.Id, project.Id));
        (await client.GetJobAsync(fired.LastJobId!.Value)).Project.Should().Be(project.Id, "a firing submits into its schedule's project");
        var jobs = (await client.ListProjectJobsAsync(project.Id, pageSize: 100)).Items;
        jobs.Should().Contain(j => j.Id == failing.Id).And.Contain(j => j.Id == fired.LastJobId).And.OnlyContain(j => j.Project == project.Id);
        jobs.Should().NotContain(j => j.Id == outside.Id);
        (await client.ListProjectFilesAsync(project.Id)).Items.Select(f => f.Id).Should().BeEquivalentTo([file.Id, resumed.Id]);
        (await client.ListProjectSchedulesAsync(project.Id)).Should().ContainSingle().Which.Id.Should().Be(schedule.Id);
        (await client.ListFilesAsync()).Total.Should().Be(3, "the unfiltered list keeps every file");
        var counts = (await client.GetProjectAsync(project.Id)).Counts!;
        (counts.Files, counts.Schedules, counts.ActiveSchedules).Should().Be((2, 1, 0));
        counts.Jobs.Total.Should().Be(jobs.Count);
    }

    [Fact]
    public async Task A_project_with_unfinished_work_is_kept_and_once_deleted_its_work_belongs_to_no_project()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var project = await client.CreateProjectAsync(new CreateProjectRequest("short-lived"));
        var waiting = await client.SubmitAsync(Quick(project.Id) with { RunAt = DateTimeOffset.UtcNow.AddHours(1) });
        var schedule = await client.CreateScheduleAsync(new CreateScheduleRequest("nightly", Nightly, Quick(), Project: project.Id));
        var file = await client.UploadFileToProjectAsync(project.Id, new MemoryStream("1,2\n"u8.ToArray()), "kept.csv", "text/csv");

        var refused = await Refused(() => client.DeleteProjectAsync(project.Id));
        await client.CancelAsync(waiting.Id);
        await client.PauseScheduleAsync(schedule.Id);
        await client.DeleteProjectAsync(project.Id);

        (refused.Status, refused.Code).Should().Be((HttpStatusCode.Conflict, "project_not_empty"));
        refused.Detail.Should().Contain("1 queued or running job and 1 active schedule");
        (await client.GetJobAsync(waiting.Id)).Project.Should().BeNull();
        (await client.GetFileAsync(file.Id)).Project.Should().BeNull();
        (await client.GetScheduleAsync(schedule.Id)).Project.Should().BeNull();
        (await Refused(() => client.GetProjectAsync(project.Id))).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_duplicate_has_the_description_and_a_paused_copy_of_each_schedule()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var project = await client.CreateProjectAsync(new CreateProjectRequest("season one", "episodes"));
        var schedule = await client.CreateScheduleAsync(new CreateScheduleRequest("nightly", Nightly, Quick(), "Europe/Paris", project.Id));
        await client.SubmitAsync(Quick(project.Id));

        var copy = await client.DuplicateProjectAsync(project.Id, "season two");

        (copy.Name, copy.Description, copy.Archived).Should().Be(("season two", "episodes", false));
        copy.Counts!.Jobs.Total.Should().Be(0, "jobs are not copied");
        var copied = (await client.ListProjectSchedulesAsync(copy.Id)).Should().ContainSingle().Subject;
        (copied.Id, copied.Name, copied.Cron, copied.TimeZone, copied.Paused, copied.Project).Should()
            .Be((copied.Id, "nightly", Nightly, "Europe/Paris", true, copy.Id));
        copied.Id.Should().NotBe(schedule.Id);
        (await client.GetScheduleAsync(schedule.Id)).Paused.Should().BeFalse("the original runs on");
    }

    [Fact]
    public async Task An_owner_keeps_no_more_projects_than_the_limit_and_deleting_one_makes_room()
    {
        var client = await fixture.Application.CreatePlatformClientAsync();
        var projects = new List<Project>();
        for (var i = 0; i < 3; i++)
            projects.Add(await client.CreateProjectAsync(new CreateProjectRequest($"project {i}")));

        var refused = await Refused(() => client.CreateProjectAsync(new CreateProjectRequest("one too many")));
        var duplicate = await Refused(() => client.DuplicateProjectAsync(projects[0].Id, "a copy too many"));
        await client.DeleteProjectAsync(projects[0].Id);
        var room = await client.CreateProjectAsync(new CreateProjectRequest("one too many"));

        (refused.Status, refused.Code).Should().Be((HttpStatusCode.Conflict, "project_limit_reached"));
        refused.Detail.Should().Contain("at most 3 projects");
        duplicate.Code.Should().Be("project_limit_reached");
        room.Name.Should().Be("one too many");
        (await client.ListProjectsAsync()).Should().HaveCount(3);
    }

    [Fact]
    public async Task Another_owner_can_neither_see_nor_use_my_project()
    {
        var mine = await fixture.Application.CreatePlatformClientAsync();
        var theirKey = await fixture.Application.CreateApiKeyAsync();
        var theirs = fixture.Application.ClientWithKey(theirKey);
        using var theirHttp = fixture.Application.HttpWithKey(theirKey);
        var project = await mine.CreateProjectAsync(new CreateProjectRequest("private"));
        await mine.SubmitAsync(Quick(project.Id));
        var unknown = Guid.NewGuid();

        foreach (var id in new[] { project.Id, unknown })
        {
            var refusals = new[]
            {
                await Refused(() => theirs.GetProjectAsync(id)),
                await Refused(() => theirs.SubmitAsync(Quick(id))),
                await Refused(() => theirs.SubmitBatchAsync(new SubmitBatchRequest([Quick(), Quick(id)]))),
                await Refused(() => theirs.UploadFileToProjectAsync(id, new MemoryStream("1,2\n"u8.ToArray()), "a.csv", "text/csv")),
                await Refused(() => theirs.CreateScheduleAsync(new CreateScheduleRequest("sneaky", Nightly, Quick(), Project: id))),
                await Refused(() => theirs.ListProjectJobsAsync(id)),
            };
            using (var upload = await TusRequests.CreateAsync(theirHttp, 4, "a.csv", "text/csv", id))
                upload.StatusCode.Should().Be(HttpStatusCode.NotFound, "a resumable upload is refused alike");
            refusals.Should().AllSatisfy(refusal =>
            {
                (refusal.Status, refusal.Code).Should().Be((HttpStatusCode.NotFound, "not_found"));
                refusal.Detail.Should().Be($"There is no project {id}; project must name one of your projects.", "mine and an unknown one look alike");
            });
        }
        (await theirs.ListProjectsAsync()).Should().BeEmpty();
        (await theirs.ListJobsAsync()).Total.Should().Be(0, "nothing of theirs was stored");
        (await mine.GetProjectAsync(project.Id)).Counts!.Jobs.Total.Should().Be(1);
    }

    [Fact]
    public async Task An_organizations_projects_are_every_members_and_none_of_their_own()
    {
        var team = await Team.FormAsync(fixture.Application);

        var project = await team.As(team.Member).CreateProjectAsync(new CreateProjectRequest("shared renders"));
        var job = await team.As(team.Member).SubmitAsync(Quick(project.Id));
        var viewerCreates = await Refused(() => team.As(team.Viewer).CreateProjectAsync(new CreateProjectRequest("mine")));
        var ownUse = await Refused(() => team.Member.Client.SubmitAsync(Quick(project.Id)));

        (await team.As(team.Owner).ListProjectsAsync()).Should().ContainSingle().Which.Id.Should().Be(project.Id);
        (await team.As(team.Viewer).ListProjectJobsAsync(project.Id)).Items.Select(j => j.Id).Should().Equal(job.Id);
        viewerCreates.Status.Should().Be(HttpStatusCode.Forbidden, "a viewer only reads");
        ownUse.Status.Should().Be(HttpStatusCode.NotFound, "the project is the organization's, not its member's");
        (await team.Member.Client.ListProjectsAsync()).Should().BeEmpty();
    }

    private static SubmitJobRequest Quick(Guid? project = null) =>
        new("flaky", JsonSerializer.SerializeToElement(new { failAttempts = 0 }), Project: project);
}
