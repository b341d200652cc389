using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Client;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Admin;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Host.Workers;
using Platform.Contracts.Organizations;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Organizations;
using Platform.IntegrationTests.Rooms;
using Platform.IntegrationTests.Workers;

namespace Platform.IntegrationTests.RealTime;

/// <summary>Access that ends closes what was opened with it, on the host the change was not made on too.</summary>
public sealed class AccessEndTests(RealTimeFixture hosts) : IClassFixture<RealTimeFixture>
{
    [Fact]
    public async Task Disabling_a_user_closes_their_hub_connection_and_event_stream_on_another_host()
    {
        var user = await hosts.First.CreateUserAsync();
        await using var live = await LiveConnection.OpenAsync(hosts.Second, user);
        await live.Hub.InvokeAsync(nameof(IJobsHub.SubscribeMyJobs));
        using var stream = await OpenJobStreamAsync(hosts.Second, user);

        using var disabled = await Http(hosts.First, hosts.Admin.Tokens.AccessToken).PostAsync($"api/v1/admin/users/{user.Id}/disable", null);

        disabled.StatusCode.Should().Be(HttpStatusCode.OK);
        await live.ClosedAsync("the disabled user's hub connection closed");
        var call = () => live.Hub.InvokeAsync(nameof(IJobsHub.GetOnlineUsers));
        await call.Should().ThrowAsync<Exception>("the connection is closed");
        (await EndsAsync(stream)).Should().BeTrue("the disabled user's event stream ended");
        var reconnect = () => live.Hub.StartAsync();
        await reconnect.Should().ThrowAsync<HttpRequestException>("a disabled user's token no longer opens a connection");
    }

    [Fact]
    public async Task Revoking_a_key_closes_the_connections_made_with_it_and_not_those_of_the_users_other_key()
    {
        var user = await hosts.First.CreateUserAsync();
        var (_, revoked) = await user.WithApiKeyAsync(Scopes.JobsRead);
        var (_, kept) = await user.WithApiKeyAsync(Scopes.JobsRead);
        await using var withRevoked = await LiveConnection.OpenWithKeyAsync(hosts.Second, revoked.Secret);
        await using var withKept = await LiveConnection.OpenWithKeyAsync(hosts.Second, kept.Secret);

        await user.Client.RevokeApiKeyAsync(revoked.Id);

        await withRevoked.ClosedAsync("the connection made with the revoked key closed");
        // The host closes every connection of a revoked key in one pass, so the other key's is decided by now.
        (await withKept.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == user.Id.ToString());
        withKept.Hub.State.Should().Be(HubConnectionState.Connected);
    }

    [Fact]
    public async Task Changing_a_password_closes_every_connection_of_the_user_on_every_host()
    {
        var user = await hosts.First.CreateUserAsync();
        var (_, key) = await user.WithApiKeyAsync(Scopes.JobsRead);
        await using var withToken = await LiveConnection.OpenAsync(hosts.Second, user);
        await using var withKey = await LiveConnection.OpenWithKeyAsync(hosts.First, key.Secret);
        using var stream = await OpenJobStreamAsync(hosts.Second, user);

        await user.Client.ChangePasswordAsync(new ChangePasswordRequest(user.Password, "a new and longer passphrase"));

        await withToken.ClosedAsync("the connection made with a token closed");
        await withKey.ClosedAsync("the connection made with a key closed");
        (await EndsAsync(stream)).Should().BeTrue("the event stream ended");
    }

    [Fact]
    public async Task Signing_out_closes_the_connections_of_that_session_only()
    {
        var user = await hosts.First.CreateUserAsync();
        var anonymous = hosts.First.CreateAnonymousClient();
        var otherSession = await anonymous.LoginAsync(new LoginRequest(user.Email, user.Password, "second device"));
        await using var signedOut = await LiveConnection.OpenAsync(hosts.Second, user);
        await using var stillIn = await LiveConnection.OpenAsync(hosts.Second, otherSession.AccessToken);

        await anonymous.LogoutAsync(user.Tokens.RefreshToken);

        await signedOut.ClosedAsync("the signed-out session's connection closed");
        (await stillIn.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == user.Id.ToString());
        stillIn.Hub.State.Should().Be(HubConnectionState.Connected);
    }

    [Fact]
    public async Task Changing_a_role_closes_the_users_connections_whose_claims_are_now_stale()
    {
        var user = await hosts.First.CreateUserAsync();
        await using var live = await LiveConnection.OpenAsync(hosts.Second, user);

        using var changed = await Http(hosts.First, hosts.Admin.Tokens.AccessToken)
            .PutAsJsonAsync($"api/v1/admin/users/{user.Id}/role", new ChangeRoleRequest(Roles.Admin), PlatformJson.Options);

        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        await live.ClosedAsync("the connection opened as a mere user closed");
    }

    [Fact]
    public async Task Removing_a_member_or_lowering_their_role_closes_what_they_opened_as_the_organization_on_another_host()
    {
        var team = await Team.FormAsync(hosts.First);
        await using var removedLive = await LiveConnection.OpenActingForAsync(hosts.Second, team.Member, team.Id);
        await using var ownLive = await LiveConnection.OpenAsync(hosts.Second, team.Member);
        await using var loweredLive = await LiveConnection.OpenActingForAsync(hosts.Second, team.Admin, team.Id);
        var job = await team.As(team.Member).SubmitAsync(new SubmitJobRequest("noop", JsonDocument.Parse("{}").RootElement, RunAt: DateTimeOffset.UtcNow.AddHours(1)));
        using var stream = await EventStream.OpenAsync(Http(hosts.Second, team.Member.Tokens.AccessToken),
            $"/api/v1/jobs/{job.Id}/events?{ActAsParameter.Name}={team.Id}");
        (await stream.NextAsync()).Should().NotBeNull("the stream opens with the job's stored events");

        await team.Owner.Client.RemoveOrganizationMemberAsync(team.Id, team.Member.Id);
        await team.Owner.Client.ChangeOrganizationRoleAsync(team.Id, team.Admin.Id, OrganizationRole.Viewer);

        await removedLive.ClosedAsync("the removed member's connection as the organization closed", within: TimeSpan.FromSeconds(1));
        (await EndsAsync(stream)).Should().BeTrue("the removed member's event stream ended");
        await loweredLive.ClosedAsync("the connection opened as an admin closed when the role dropped", within: TimeSpan.FromSeconds(1));
        (await ownLive.GetOnlineUsersAsync()).Should().Contain(u => u.UserId == team.Member.Id.ToString(), "their own connection stays open");
        var reconnect = () => removedLive.Hub.StartAsync();
        await reconnect.Should().ThrowAsync<HttpRequestException>("a removed member opens nothing as the organization");
        await using var asViewer = await LiveConnection.OpenActingForAsync(hosts.Second, team.Admin, team.Id);
        await asViewer.Hub.InvokeAsync(nameof(IJobsHub.SubscribeJob), job.Id, 0L);
    }

    [Fact]
    public async Task Making_a_public_room_private_ends_the_watches_of_non_members_on_another_host_and_members_hear_on()
    {
        var (owner, member, room) = await hosts.First.PublicRoomWithMemberAsync();
        var passerby = await hosts.First.CreateUserAsync();
        await using var stranger = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(passerby));
        await stranger.Live.WatchRoomAsync(room.Id);
        await using var kept = await RecordingLiveConnection.StartAsync(hosts.Second.ClientFor(member));
        await kept.Live.WatchRoomAsync(room.Id);
        var before = await owner.Client.PostRoomMessageAsync(room.Id, "while public");
        await stranger.ChatMessages.WaitForAsync(m => m.Seq == before.Seq);

        await owner.Client.UpdateRoomAsync(room.Id, new UpdateRoomRequest(Visibility: RoomVisibility.Private));

        (await stranger.RoomsLeft.WaitForAsync(l => l.RoomId == room.Id, TimeSpan.FromSeconds(1))).Reason.Should().Be(RoomLeftReason.Private);
        await owner.Client.EditRoomMessageAsync(before.Id, "while public, edited");
        await kept.Live.TypingInRoomAsync(room.Id);
        await owner.Client.PostRoomMessageAsync(room.Id, "members only now");
        await kept.ChatMessages.WaitForAsync(m => m.Text == "members only now");
        await kept.ChatChanges.WaitForAsync(m => m.Id == before.Id);
        stranger.ChatMessages.Items.Select(m => m.Text).Should().Equal("while public");
        stranger.ChatChanges.Items.Should().BeEmpty("the edit came after the room went private");
        stranger.RoomTypings.Items.Should().BeEmpty("so did the typing");
        kept.RoomsLeft.Items.Should().BeEmpty("a member still reads a private room");
        var history = () => passerby.Client.ListRoomMessagesAsync(room.Id);
        (await history.Should().ThrowAsync<PlatformApiException>()).Which.Status.Should().Be(HttpStatusCode.NotFound);
        var rewatch = () => stranger.Live.WatchRoomAsync(room.Id);
        (await rewatch.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
    }

    [Fact]
    public async Task Revoking_an_admins_worker_key_ends_its_waiting_claim_on_another_host()
    {
        var type = await DeclareRemoteTypeAsync();
        var (_, key) = await hosts.Admin.WithApiKeyAsync(Scopes.Worker);
        using var worker = hosts.Second.HttpWithKey(key.Secret);
        await KnownAsync(worker, type);
        var waiting = WorkerCalls.PostClaimAsync(worker, "pool", [type], waitSeconds: 60);
        await WaitingAsync(hosts.Admin, held: 1);

        await hosts.Admin.Client.RevokeApiKeyAsync(key.Id);

        var answer = () => waiting.WaitAsync(TimeSpan.FromSeconds(20));
        await answer.Should().ThrowAsync<HttpRequestException>("the waiting claim is cut at once, not answered when its wait is up");
        await WaitingAsync(hosts.Admin, held: 0);
    }

    [Fact]
    public async Task Demoting_an_admin_ends_their_worker_keys_waiting_claim_and_its_reach_to_other_users_jobs_for_good()
    {
        var type = await DeclareRemoteTypeAsync();
        var user = await hosts.First.CreateUserAsync();
        var other = await hosts.First.CreateUserAsync();
        await ChangeRoleAsync(user, Roles.Admin);
        var asAdmin = user with { Client = user.Client.WithCredentials(PlatformCredentials.Bearer(
            (await hosts.First.CreateAnonymousClient().LoginAsync(new LoginRequest(user.Email, user.Password))).AccessToken)) };
        var (keyClient, key) = await asAdmin.WithApiKeyAsync(Scopes.Worker, Scopes.JobsWrite);
        using var worker = hosts.Second.HttpWithKey(key.Secret);
        await KnownAsync(worker, type);
        var waiting = WorkerCalls.PostClaimAsync(worker, "pool", [type], waitSeconds: 60);
        await WaitingAsync(user, held: 1);

        await ChangeRoleAsync(user, Roles.User);

        var answer = () => waiting.WaitAsync(TimeSpan.FromSeconds(20));
        await answer.Should().ThrowAsync<HttpRequestException>("the waiting claim is cut at once, not answered when its wait is up");
        var othersJob = await other.Client.SubmitAsync(new SubmitJobRequest(type, JsonDocument.Parse("{}").RootElement));
        var ownJob = await keyClient.SubmitAsync(new SubmitJobRequest(type, JsonDocument.Parse("{}").RootElement));
        var asUser = await WorkerCalls.ClaimAsync(worker, "pool", [type], max: 5);
        await ChangeRoleAsync(user, Roles.Admin);
        var laterOwnJob = await keyClient.SubmitAsync(new SubmitJobRequest(type, JsonDocument.Parse("{}").RootElement));
        using var firstHostsWorker = hosts.First.HttpWithKey(key.Secret);
        var asAdminAgain = await WorkerCalls.ClaimAsync(firstHostsWorker, "pool", [type], max: 5);

        asUser.Select(c => c.JobId).Should().Equal([ownJob.Id], "the demoted admin's key runs their own jobs only");
        asAdminAgain.Select(c => c.JobId).Should().Equal([laterOwnJob.Id], "the key made before the demotion stays its owner's alone");
        (await other.Client.GetJobAsync(othersJob.Id)).Status.Should().Be(JobStatus.Queued);
    }

    // A remote type of the test's own, known on both hosts, so no other test's jobs or workers meet its.
    private async Task<string> DeclareRemoteTypeAsync()
    {
        var type = $"access-{Guid.NewGuid():N}";
        using var declared = await Http(hosts.First, hosts.Admin.Tokens.AccessToken).PutAsJsonAsync($"api/v1/admin/job-types/{type}",
            new DeclareJobTypeRequest("Waits for a worker.", JsonDocument.Parse("""{"type":"object"}""").RootElement), PlatformJson.Options);
        declared.StatusCode.Should().Be(HttpStatusCode.OK, await declared.Content.ReadAsStringAsync());
        return type;
    }

    private static Task KnownAsync(HttpClient worker, string type) =>
        Eventually.HoldsAsync(async () =>
        {
            using var claim = await WorkerCalls.PostClaimAsync(worker, "pool", [type]);
            return claim.StatusCode == HttpStatusCode.OK;
        }, "the host the worker calls knows the declared type");

    private Task WaitingAsync(TestUser user, int held) =>
        Eventually.HoldsAsync(() => Task.FromResult(hosts.Second.Service<WorkerWaits>().HeldBy(user.Id.ToString()) == held),
            $"{held} claims of the user wait on the second host");

    private async Task ChangeRoleAsync(TestUser user, string role)
    {
        using var changed = await Http(hosts.First, hosts.Admin.Tokens.AccessToken)
            .PutAsJsonAsync($"api/v1/admin/users/{user.Id}/role", new ChangeRoleRequest(role), PlatformJson.Options);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    // A stream of a job that waits an hour to run: nothing but its access ending closes it.
    private static async Task<EventStream> OpenJobStreamAsync(PlatformApplication host, TestUser user)
    {
        var job = await user.Client.SubmitAsync(new SubmitJobRequest("noop", JsonDocument.Parse("{}").RootElement, RunAt: DateTimeOffset.UtcNow.AddHours(1)));
        var stream = await EventStream.OpenAsync(Http(host, user.Tokens.AccessToken), $"/api/v1/jobs/{job.Id}/events");
        stream.Status.Should().Be(HttpStatusCode.OK);
        (await stream.NextAsync()).Should().NotBeNull("the stream opens with the job's stored events");
        return stream;
    }

    // True when the server ends the stream (cut or closed) before it has been silent for 10 s.
    private static async Task<bool> EndsAsync(EventStream stream)
    {
        try
        {
            while (await stream.NextAsync(TimeSpan.FromSeconds(10)) is not null)
            {
            }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static HttpClient Http(PlatformApplication host, string accessToken) => new()
    {
        BaseAddress = host.ClientOptions.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) },
    };
}
