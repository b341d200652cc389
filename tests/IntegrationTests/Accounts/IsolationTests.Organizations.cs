using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Accounts;
using Platform.Contracts.Hubs;
using Platform.Contracts.Organizations;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.IntegrationTests.Organizations;
using Platform.IntegrationTests.RealTime;
using Platform.IntegrationTests.Workers;

namespace Platform.IntegrationTests.Accounts;

// The walks again, acting for an organization: by a stranger, a removed member and a viewer.
public sealed partial class IsolationTests
{
    [Fact]
    public async Task Every_endpoint_answers_a_stranger_and_a_removed_member_acting_for_an_organization_with_not_found()
    {
        var team = await Team.FormAsync(App);
        var job = await team.As(team.Member).SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        var stranger = await App.CreateUserAsync();
        var removed = await Team.JoinAsync(App, team.Owner, team.Id, OrganizationRole.Admin);
        await team.Owner.Client.RemoveOrganizationMemberAsync(team.Id, removed.Id);
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        var endpoints = MappedEndpoints().Where(e => !PublicPrefixes.Any(e.Pattern.StartsWith)).ToList();

        foreach (var outsider in new[] { stranger, removed })
            foreach (var (method, pattern) in endpoints)
            {
                var path = Fill(pattern, _ => job.Id) + (pattern.Contains('?') ? "&" : "?") + $"{ActAsParameter.Name}={team.Id}";
                using var response = await http.SendAsync(Request(method, path, outsider.Tokens.AccessToken));
                response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"{method} {pattern} acting for an organization the caller is not in");
                if (method != HttpMethods.Head)
                    (await response.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"organization_not_found\"", $"{method} {pattern}");
            }

        (await team.As(team.Owner).GetJobAsync(job.Id)).Status.Should().NotBe(Platform.Contracts.Jobs.JobStatus.Cancelling);
        (await team.Owner.Client.ListOrganizationMembersAsync(team.Id)).Should().HaveCount(4, "nothing the outsiders sent changed the members");
    }

    [Fact]
    public async Task A_viewer_acting_for_an_organization_is_forbidden_every_endpoint_that_writes()
    {
        var team = await Team.FormAsync(App);
        var job = await team.As(team.Member).SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        var writes = App.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is Scopes.JobsWrite or Scopes.Worker))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Where(method => method != HttpMethods.Options)
                .Select(method => (Method: method, Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

        writes.Should().Contain(e => e.Pattern == "/api/v1/jobs/{id:guid}/cancel", "the walk sees the jobs API's writes");
        foreach (var (method, pattern) in writes)
        {
            using var response = await http.SendAsync(Request(method, $"{Fill(pattern, _ => job.Id)}?{ActAsParameter.Name}={team.Id}",
                team.Viewer.Tokens.AccessToken));
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{method} {pattern} by a viewer");
        }

        (await team.As(team.Viewer).GetJobAsync(job.Id)).Id.Should().Be(job.Id, "a viewer reads");
        (await team.As(team.Owner).ListJobsAsync()).Items.Should().ContainSingle("nothing the viewer sent was stored");
    }

    [Fact]
    public async Task A_connection_acting_for_an_organization_watches_its_jobs_and_not_the_persons_own()
    {
        var team = await Team.FormAsync(App);
        var teams = await team.As(team.Member).SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        var own = await team.Member.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        await using var asTeam = await LiveConnection.OpenActingForAsync(App, team.Viewer, team.Id);
        await using var asPerson = await LiveConnection.OpenAsync(App, team.Viewer);

        await asTeam.Hub.InvokeAsync(nameof(IJobsHub.SubscribeJob), teams.Id, 0L);
        var foreign = () => asTeam.Hub.InvokeAsync(nameof(IJobsHub.SubscribeJob), own.Id, 0L);
        var teamsFromPersonal = () => asPerson.Hub.InvokeAsync(nameof(IJobsHub.SubscribeJob), teams.Id, 0L);

        await asTeam.JobEvents.WaitForAsync(e => e.JobId == teams.Id);
        (await foreign.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).WithMessage("*not found*");
        (await teamsFromPersonal.Should().ThrowAsync<Microsoft.AspNetCore.SignalR.HubException>()).WithMessage("*not found*");
    }

    [Fact]
    public async Task An_organizations_worker_key_runs_its_jobs_alone_until_an_admin_revokes_it()
    {
        var team = await Team.FormAsync(App);
        var input = System.Text.Json.JsonSerializer.SerializeToElement(new { width = 8, height = 8 });
        var teams = await team.As(team.Member).SubmitAsync(new Platform.Contracts.Jobs.SubmitJobRequest(RemoteWorkFixture.Type, input));
        var members = await team.Member.Client.SubmitAsync(new Platform.Contracts.Jobs.SubmitJobRequest(RemoteWorkFixture.Type, input));
        var pool = await team.Admin.Client.CreateOrganizationApiKeyAsync(team.Id, new CreateApiKeyRequest("gpu pool", [Scopes.Worker]));
        var byMember = await SignInTests.Refused(() => team.Member.Client.CreateOrganizationApiKeyAsync(team.Id, new CreateApiKeyRequest("mine", [Scopes.Worker])));
        using var worker = App.HttpWithKey(pool.Secret);

        var claimed = await WorkerCalls.ClaimAsync(worker, "team box", [RemoteWorkFixture.Type], max: 32);
        await team.Admin.Client.RevokeOrganizationApiKeyAsync(team.Id, pool.Id);
        using var afterRevoking = await WorkerCalls.PostClaimAsync(worker, "team box", [RemoteWorkFixture.Type]);

        claimed.Select(c => c.JobId).Should().Equal(teams.Id);
        byMember.Code.Should().Be("organization_role_required");
        (await team.Admin.Client.ListApiKeysAsync()).Should().BeEmpty("an organization's key is not its maker's own");
        afterRevoking.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await team.Member.Client.GetJobAsync(members.Id)).Status.Should().Be(Platform.Contracts.Jobs.JobStatus.Queued, "a member's own job is not the team's");
    }

    [Fact]
    public async Task Every_member_whatever_their_role_reads_each_of_the_organizations_things_by_its_id()
    {
        var team = await Team.FormAsync(App);
        var asMember = team.As(team.Member);
        // An image small enough for the fixture's artifact limit, so the artifact routes have one to read.
        var job = await asMember.SubmitAsync(new Platform.Contracts.Jobs.SubmitJobRequest(Platform.Contracts.Jobs.JobTypes.Generation,
            System.Text.Json.JsonSerializer.SerializeToElement(new { prompt = "a small lighthouse", width = 64, height = 64, steps = 2 })));
        var artifact = (await asMember.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(60))).Artifacts.Single().Name;
        var idOf = new Dictionary<string, Guid>
        {
            ["/api/v1/jobs/"] = job.Id,
            ["/api/v1/jobs/batches/"] = (await asMember.SubmitBatchAsync(new Platform.Contracts.Jobs.SubmitBatchRequest([CancelJobTests.LongGeneration(steps: 2)]))).Id,
            ["/api/v1/files/"] = (await asMember.UploadFileAsync(new MemoryStream("1,2\n"u8.ToArray()), "team.csv", "text/csv")).Id,
            ["/api/v1/schedules/"] = (await asMember.CreateScheduleAsync(new Platform.Contracts.Schedules.CreateScheduleRequest(
                "weekly", "0 0 3 ? * MON", CancelJobTests.LongGeneration(steps: 2)))).Id,
            ["/api/v1/projects/"] = (await asMember.CreateProjectAsync(new Platform.Contracts.Projects.CreateProjectRequest("renders"))).Id,
        };
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        var reads = MappedEndpoints().Where(e => e.Method == HttpMethods.Get && e.Pattern.Contains("{id") && idOf.Keys.Any(e.Pattern.StartsWith)).ToList();

        reads.Should().Contain(e => e.Pattern.StartsWith("/api/v1/projects/"), "the walk reaches every kind of owned thing");
        foreach (var person in new[] { team.Owner, team.Admin, team.Member, team.Viewer })
            foreach (var (method, pattern) in reads)
            {
                var prefix = idOf.Keys.Where(pattern.StartsWith).MaxBy(p => p.Length)!;
                var path = $"{Fill(pattern, _ => idOf[prefix], artifact)}?{ActAsParameter.Name}={team.Id}";
                using var response = await http.SendAsync(Request(method, path, person.Tokens.AccessToken));
                ((int)response.StatusCode).Should().BeInRange(200, 299, $"GET {pattern} by the organization's {(person == team.Viewer ? "viewer" : "members")}");
            }
        (await team.As(team.Viewer).GetJobMetricsAsync(job.Id)).Series.Should().ContainKey("step");
        (await team.As(team.Viewer).AggregateMetricAsync("step")).Groups.Should().ContainSingle().Which.Count.Should().Be(1, "the organization's job counts");
        (await team.Viewer.Client.AggregateMetricAsync("step")).Groups.Should().BeEmpty("the person's own jobs are not the organization's");
    }
}
