using System.Net;
using Platform.Contracts.Jobs;
using Platform.Contracts.Organizations;
using Platform.Contracts.Schedules;
using Platform.IntegrationTests.Admin;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Organizations;

/// <summary>Organizations own work as users do: members share it by role, invitations let people in, and it keeps an owner.</summary>
public sealed class OrganizationTests(AdminFixture platform) : IClassFixture<AdminFixture>
{
    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task What_a_member_submits_for_the_organization_is_every_members_and_no_ones_own()
    {
        var team = await Team.FormAsync(App);

        var job = await team.As(team.Member).SubmitAsync(CancelJobTests.LongGeneration());
        var file = await team.As(team.Member).UploadFileAsync(new MemoryStream("a,b\n"u8.ToArray()), "shared.csv", "text/csv");

        (await team.As(team.Owner).ListJobsAsync()).Items.Select(j => j.Id).Should().Equal(job.Id);
        (await team.As(team.Viewer).GetJobAsync(job.Id)).Id.Should().Be(job.Id);
        (await team.As(team.Viewer).DownloadFileAsync(file.Id)).Should().Equal("a,b\n"u8.ToArray());
        (await team.Member.Client.ListJobsAsync()).Items.Should().BeEmpty("the job is the organization's, not its submitter's");
        (await Refused(() => team.Member.Client.GetJobAsync(job.Id))).Status.Should().Be(HttpStatusCode.NotFound);
        var viewerCancels = await Refused(() => team.As(team.Viewer).CancelAsync(job.Id));
        viewerCancels.Status.Should().Be(HttpStatusCode.Forbidden, "a viewer only reads");
        var viewerSubmits = await Refused(() => team.As(team.Viewer).SubmitAsync(CancelJobTests.LongGeneration()));
        viewerSubmits.Status.Should().Be(HttpStatusCode.Forbidden);
        (await team.As(team.Admin).CancelAsync(job.Id)).Status.Should().BeOneOf(JobStatus.Cancelling, JobStatus.Cancelled);
        (await team.As(team.Owner).ListJobsAsync()).Items.Should().ContainSingle("the viewer's refused submit stored nothing");
    }

    [Fact]
    public async Task An_invitation_works_once_for_the_invited_address_until_withdrawn()
    {
        var owner = await App.CreateUserAsync();
        var organization = await owner.Client.CreateOrganizationAsync("render farm");
        var invited = await App.CreateUserAsync();
        var other = await App.CreateUserAsync();
        var invitation = await owner.Client.InviteToOrganizationAsync(organization.Id, invited.Email.ToUpperInvariant(), OrganizationRole.Viewer);
        var withdrawn = await owner.Client.InviteToOrganizationAsync(organization.Id, other.Email);

        var wrongPerson = await Refused(() => other.Client.AcceptOrganizationInvitationAsync(invitation.Token!));
        (await owner.Client.ListOrganizationInvitationsAsync(organization.Id)).Select(i => i.Id).Should().BeEquivalentTo([invitation.Id, withdrawn.Id]);
        await owner.Client.WithdrawOrganizationInvitationAsync(organization.Id, withdrawn.Id);
        var joined = await invited.Client.AcceptOrganizationInvitationAsync(invitation.Token!);
        var again = await Refused(() => invited.Client.AcceptOrganizationInvitationAsync(invitation.Token!));
        var afterWithdrawal = await Refused(() => other.Client.AcceptOrganizationInvitationAsync(withdrawn.Token!));

        wrongPerson.Code.Should().Be("invitation_for_another_address");
        (joined.Id, joined.Role, joined.Members).Should().Be((organization.Id, OrganizationRole.Viewer, 2));
        again.Errors.Should().ContainKey("token", "an invitation works once");
        afterWithdrawal.Errors.Should().ContainKey("token", "a withdrawn invitation works no more");
        (await owner.Client.ListOrganizationInvitationsAsync(organization.Id)).Should().BeEmpty();
        (await other.Client.ListMyOrganizationsAsync()).Should().BeEmpty();
        (await owner.Client.ListOrganizationMembersAsync(organization.Id)).Select(m => (m.Email, m.Role))
            .Should().Equal((owner.Email, OrganizationRole.Owner), (invited.Email, OrganizationRole.Viewer));
    }

    [Fact]
    public async Task Roles_bound_what_members_change_and_the_organization_keeps_an_owner()
    {
        var team = await Team.FormAsync(App);
        var organizations = team.Owner.Client;

        var adminMakesOwner = await Refused(() => team.Admin.Client.ChangeOrganizationRoleAsync(team.Id, team.Member.Id, OrganizationRole.Owner));
        var memberInvites = await Refused(() => team.Member.Client.InviteToOrganizationAsync(team.Id, "someone@test.example"));
        var viewerRemoves = await Refused(() => team.Viewer.Client.RemoveOrganizationMemberAsync(team.Id, team.Member.Id));
        var lastOwnerLeaves = await Refused(() => organizations.RemoveOrganizationMemberAsync(team.Id, team.Owner.Id));
        await team.Admin.Client.ChangeOrganizationRoleAsync(team.Id, team.Viewer.Id, OrganizationRole.Member);
        await organizations.ChangeOrganizationRoleAsync(team.Id, team.Admin.Id, OrganizationRole.Owner);
        await organizations.RemoveOrganizationMemberAsync(team.Id, team.Owner.Id);

        adminMakesOwner.Code.Should().Be("organization_role_required");
        memberInvites.Code.Should().Be("organization_role_required");
        viewerRemoves.Code.Should().Be("organization_role_required");
        lastOwnerLeaves.Code.Should().Be("organization_needs_owner");
        (await team.Admin.Client.ListOrganizationMembersAsync(team.Id)).Select(m => (m.UserId, m.Role)).Should().BeEquivalentTo(
            [(team.Admin.Id, OrganizationRole.Owner), (team.Member.Id, OrganizationRole.Member), (team.Viewer.Id, OrganizationRole.Member)]);
        (await Refused(() => team.Owner.Client.GetOrganizationAsync(team.Id))).Status.Should().Be(HttpStatusCode.NotFound, "the owner left");
        var audit = await platform.Admin.Client.AdminReadAuditAsync(action: "organization.role_changed");
        audit.Items.Where(a => a.Detail!.Contains(team.Id.ToString())).Select(a => a.Succeeded).Should().BeEquivalentTo([false, true, true]);
    }

    [Fact]
    public async Task An_organization_is_deleted_once_its_work_is_done_and_a_disabled_one_is_found_by_no_one()
    {
        var team = await Team.FormAsync(App);
        var job = await team.As(team.Member).SubmitAsync(CancelJobTests.LongGeneration());

        var busy = await Refused(() => team.Owner.Client.DeleteOrganizationAsync(team.Id));
        var byAdmin = await Refused(() => team.Admin.Client.DeleteOrganizationAsync(team.Id));
        await platform.Admin.Client.AdminDisableOrganizationAsync(team.Id);
        var whileDisabled = await Refused(() => team.As(team.Member).ListJobsAsync());
        var listed = await platform.Admin.Client.AdminListOrganizationsAsync(search: team.Organization.Name);
        await platform.Admin.Client.AdminEnableOrganizationAsync(team.Id);
        await team.As(team.Member).CancelAsync(job.Id);
        await Eventually.HoldsAsync(async () => (await team.As(team.Owner).GetJobAsync(job.Id)).Status == JobStatus.Cancelled, "the job ended");
        await team.Owner.Client.DeleteOrganizationAsync(team.Id);

        busy.Code.Should().Be("organization_busy");
        byAdmin.Code.Should().Be("organization_role_required");
        whileDisabled.Status.Should().Be(HttpStatusCode.NotFound);
        listed.Items.Should().ContainSingle().Which.Disabled.Should().BeTrue();
        (await Refused(() => team.As(team.Member).GetJobAsync(job.Id))).Status.Should().Be(HttpStatusCode.NotFound);
        (await team.Member.Client.ListMyOrganizationsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_organizations_schedule_submits_its_jobs_as_the_organization()
    {
        var team = await Team.FormAsync(App);
        var schedule = await team.As(team.Member).CreateScheduleAsync(new CreateScheduleRequest("nightly", "0 0 3 * * ?", CancelJobTests.LongGeneration(steps: 2)));

        var fired = await platform.Admin.Client.AdminTriggerScheduleAsync(schedule.Id);

        fired.OwnerId.Should().Be(team.Id.ToString(), "the schedule's owner is the organization, which submits its jobs");
        (await team.As(team.Viewer).GetJobAsync(fired.Id)).Id.Should().Be(fired.Id);
        (await team.As(team.Viewer).GetScheduleAsync(schedule.Id)).Runs.Should().Be(1);
        (await team.Member.Client.ListSchedulesAsync()).Should().BeEmpty("the schedule is not its creator's own");
    }

    [Fact]
    public async Task An_organizations_job_notifies_the_member_who_submitted_it()
    {
        var team = await Team.FormAsync(App);

        var job = await team.As(team.Member).SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        var done = await team.As(team.Viewer).WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(60));

        (done.Status, done.SubmittedBy).Should().Be((JobStatus.Succeeded, team.Member.Id.ToString()));
        await Eventually.HoldsAsync(async () => (await team.Member.Client.ListNotificationsAsync()).Items.Any(n => n.JobId == job.Id),
            "the submitter is told the job succeeded");
        (await team.Owner.Client.ListNotificationsAsync()).Items.Should().NotContain(n => n.JobId == job.Id, "the other members are not");
        (await team.As(team.Owner).ListNotificationsAsync()).Items.Should().NotContain(n => n.JobId == job.Id, "notifications are a person's own");
    }
}
