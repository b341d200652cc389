using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Admin;
using Platform.Contracts.Files;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;
using Platform.IntegrationTests.Files;
using Platform.IntegrationTests.Infrastructure;
using Platform.IntegrationTests.Jobs;
using Platform.IntegrationTests.RealTime;
using Platform.IntegrationTests.Workers;
using Platform.Storage.Notifications;
using static Platform.IntegrationTests.Accounts.SignInTests;

namespace Platform.IntegrationTests.Accounts;

/// <summary>
/// Walks every endpoint and hub method the host maps, so a new one cannot slip in reachable by strangers:
/// each is refused without credentials unless it is on the public list, and answers another user's ids with 404.
/// The host knows a remote type, so that workers' reach is walked too.
/// </summary>
public sealed partial class IsolationTests(RemoteWorkFixture platform) : IClassFixture<RemoteWorkFixture>
{
    private static readonly string[] PublicPrefixes = ["/api/v1/auth/", "/api/v1/links/", "/health/", "/metrics"];

    private PlatformApplication App => platform.Application;

    [Fact]
    public async Task Every_endpoint_refuses_an_anonymous_caller_unless_it_is_public()
    {
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };

        var endpoints = MappedEndpoints().Where(e => !PublicPrefixes.Any(e.Pattern.StartsWith)).ToList();

        endpoints.Should().Contain(e => e.Pattern.StartsWith("/hubs/"), "the hub's endpoints are enumerated too");
        foreach (var (method, pattern) in endpoints)
        {
            using var response = await http.SendAsync(Request(method, Fill(pattern, _ => Guid.NewGuid()), token: null));
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{method} {pattern} must not be reachable anonymously");
            if (method == HttpMethods.Head)
                continue; // an answer to HEAD carries no body
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", $"{method} {pattern}");
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"unauthenticated\"", $"{method} {pattern}");
        }
    }

    [Fact]
    public void The_public_auth_routes_are_the_known_ones()
    {
        MappedEndpoints().Where(e => e.Pattern.StartsWith("/api/v1/auth/")).Select(e => $"{e.Method} {e.Pattern}").Should().BeEquivalentTo(
            ["POST /api/v1/auth/register", "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout",
             "POST /api/v1/auth/forgot-password", "POST /api/v1/auth/reset-password"],
            "a route anyone may call without credentials must be added here on purpose");
    }

    [Fact]
    public async Task Every_endpoint_with_an_id_answers_another_users_id_with_not_found_and_changes_nothing()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        // Artifact routes name a file the job really has, so their 404 is the stranger's and not a missing file's; an image
        // small enough for the fixture's artifact limit.
        var job = await owner.Client.SubmitAsync(new SubmitJobRequest(JobTypes.Generation,
            JsonSerializer.SerializeToElement(new { prompt = "a small cathedral", width = 64, height = 64, steps = 2 })));
        var artifact = (await owner.Client.WaitForCompletionAsync(job.Id, TimeSpan.FromSeconds(60))).Artifacts.Single().Name;
        var batch = await owner.Client.SubmitBatchAsync(new SubmitBatchRequest([CancelJobTests.LongGeneration(steps: 2)]));
        var (ownersBot, key) = await owner.WithApiKeyAsync("jobs:read");
        var schedule = await owner.Client.CreateScheduleAsync(new Platform.Contracts.Schedules.CreateScheduleRequest(
            "weekly", "0 0 3 ? * MON", CancelJobTests.LongGeneration(steps: 2)));
        var notification = new NotificationRecord
        {
            Id = Guid.NewGuid(), OwnerId = owner.Id.ToString(), Kind = NotificationKind.AdminBroadcast, Title = "t", Message = "m", CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var documents = App.Service<Marten.IDocumentStore>().LightweightSession())
        {
            documents.Insert(notification);
            await documents.SaveChangesAsync();
        }
        var room = await owner.Client.CreateRoomAsync(new Platform.Contracts.Rooms.CreateRoomRequest("private talk"));
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "between us");
        var file = await owner.Client.UploadFileAsync(new MemoryStream("1,2\n"u8.ToArray()), "mine.csv", "text/csv");
        using var ownersHttp = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        ownersHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", owner.Tokens.AccessToken);
        var upload = await TusRequests.OpenAsync(ownersHttp, 4, "mine.csv");
        var project = await owner.Client.CreateProjectAsync(new Platform.Contracts.Projects.CreateProjectRequest("mine alone", "kept"));
        var organization = await owner.Client.CreateOrganizationAsync("owner's studio");
        var idOf = new Dictionary<string, Guid>
        {
            ["/api/v1/files/"] = file.Id,
            ["/api/v1/uploads/"] = TusRequests.IdOf(upload),
            ["/api/v1/rooms/"] = room.Id,
            ["/api/v1/messages/"] = message.Id,
            ["/api/v1/jobs/"] = job.Id,
            ["/api/v1/jobs/batches/"] = batch.Id,
            ["/api/v1/users/me/sessions/"] = owner.Tokens.SessionId,
            ["/api/v1/users/me/api-keys/"] = key.Id,
            ["/api/v1/schedules/"] = schedule.Id,
            ["/api/v1/notifications/"] = notification.Id,
            ["/api/v1/projects/"] = project.Id,
            ["/api/v1/organizations/"] = organization.Id,
        };

        await EveryIdRouteIsNotFoundAsync(stranger, idOf, artifact);

        (await owner.Client.GetJobAsync(job.Id)).Status.Should().NotBe(JobStatus.Cancelling).And.NotBe(JobStatus.Cancelled);
        (await owner.Client.DownloadFileAsync(file.Id)).Should().Equal("1,2\n"u8.ToArray(), "the stranger's delete did not land");
        using (var uploadNow = await TusRequests.HeadAsync(ownersHttp, upload))
            TusRequests.OffsetOf(uploadNow).Should().Be(0, "the stranger's parts and delete did not land");
        (await owner.Client.ListOrganizationMembersAsync(organization.Id)).Should().ContainSingle("the stranger's joins and changes did not land");
        (await owner.Client.GetBatchAsync(batch.Id)).JobIds.Should().Equal(batch.JobIds);
        (await ownersBot.GetStatsAsync()).Total.Should().Be(2, "the owner's key still works");
        (await App.CreateAnonymousClient().RefreshAsync(owner.Tokens.RefreshToken)).SessionId.Should().Be(owner.Tokens.SessionId);
        (await owner.Client.GetScheduleAsync(schedule.Id)).Paused.Should().BeFalse("the stranger's pause did not land");
        var roomNow = await owner.Client.GetRoomAsync(room.Id);
        (roomNow.ArchivedAt, roomNow.Members, roomNow.LastSeq).Should().Be((null, 1, 1L), "the stranger's changes, joins and posts did not land");
        (await owner.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().ContainSingle().Which.Should().BeEquivalentTo(message,
            "the stranger's edits, deletes and reactions did not land");
        await using (var documents = App.Service<Marten.IDocumentStore>().QuerySession())
            (await documents.LoadAsync<NotificationRecord>(notification.Id))!.ReadAt.Should().BeNull("the stranger's read did not land");
        var projectNow = await owner.Client.GetProjectAsync(project.Id);
        (projectNow.Name, projectNow.Description, projectNow.Archived).Should().Be(("mine alone", "kept", false),
            "the stranger's rename, archive and delete did not land");
        (await owner.Client.ListProjectsAsync()).Should().ContainSingle("the stranger's duplicate did not land");
    }

    [Fact]
    public async Task A_public_room_made_private_is_not_found_by_a_non_member_on_every_route_and_hub_method()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest("open at first", Visibility: RoomVisibility.Public));
        var message = await owner.Client.PostRoomMessageAsync(room.Id, "said in public");
        (await stranger.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().ContainSingle("anyone reads a public room");

        await owner.Client.UpdateRoomAsync(room.Id, new UpdateRoomRequest(Visibility: RoomVisibility.Private));

        await EveryIdRouteIsNotFoundAsync(stranger, new Dictionary<string, Guid> { ["/api/v1/rooms/"] = room.Id, ["/api/v1/messages/"] = message.Id },
            only: ["/api/v1/rooms/", "/api/v1/messages/"]);
        (await stranger.Client.SearchMessagesAsync("public")).Items.Should().NotContain(hit => hit.RoomId == room.Id);
        (await stranger.Client.ListPublicRoomsAsync(search: room.Name)).Items.Should().BeEmpty();
        await using var connection = HubConnectionOf(stranger);
        await connection.StartAsync();
        foreach (var call in new Func<Task>[]
        {
            () => connection.InvokeAsync(nameof(IJobsHub.WatchRoom), room.Id, 0L),
            () => connection.InvokeAsync<ChatMessage>(nameof(IJobsHub.PostToRoom), room.Id, "hi"),
            () => connection.InvokeAsync(nameof(IJobsHub.TypingInRoom), room.Id),
        })
            (await call.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
        var roomNow = await owner.Client.GetRoomAsync(room.Id);
        (roomNow.ArchivedAt, roomNow.Members, roomNow.LastSeq).Should().Be((null, 1, 1L), "the stranger's changes, joins and posts did not land");
        (await owner.Client.ListRoomMessagesAsync(room.Id)).Messages.Should().ContainSingle().Which.Should().BeEquivalentTo(message,
            "the stranger's edits, deletes and reactions did not land");
    }

    [Fact]
    public async Task Every_worker_endpoint_refuses_a_job_the_worker_holds_no_lease_for_and_changes_nothing()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var job = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));
        var (_, strangersKey) = await stranger.WithApiKeyAsync(Scopes.Worker);
        using var http = App.HttpWithKey(strangersKey.Secret);
        var endpoints = MappedEndpoints().Where(e => IsWorkers(e.Pattern) && e.Pattern.Contains("{id")).ToList();

        endpoints.Should().NotBeEmpty();
        foreach (var (method, pattern) in endpoints)
        {
            using var request = Request(method, Fill(pattern, _ => job.Id), token: null);
            request.Content = new StringContent("""{"percent":50,"message":"forged","error":"forged"}""", Encoding.UTF8, "application/json");
            request.Headers.Add(Platform.Contracts.Workers.JobLeaseHeader.Name, $"worker:stranger:{Guid.NewGuid():N}");
            using var response = await http.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.Conflict, $"{method} {pattern} with a job the caller holds no lease for");
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"lease_lost\"", $"{method} {pattern}");
        }

        (await owner.Client.GetEventsAsync(job.Id)).Should().NotContain(e => e.Message == "forged" || e.Error == "forged");
        (await owner.Client.GetJobAsync(job.Id)).Artifacts.Should().NotContain(a => a.Name == "x");
    }

    [Fact]
    public async Task A_users_worker_key_never_claims_another_users_jobs_and_an_admins_is_made_only_with_the_password()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var job = await owner.Client.SubmitAsync(new SubmitJobRequest(RemoteWorkFixture.Type, JsonSerializer.SerializeToElement(new { width = 8, height = 8 })));
        var (_, strangersKey) = await stranger.WithApiKeyAsync(Scopes.Worker);
        using var strangersWorker = App.HttpWithKey(strangersKey.Secret);
        using var admin = App.Http(platform.Admin);

        var asUser = await WorkerCalls.ClaimAsync(strangersWorker, "stranger's", [RemoteWorkFixture.Type], max: 32);
        using (var promoted = await admin.PutAsJsonAsync($"api/v1/admin/users/{stranger.Id}/role", new ChangeRoleRequest(Roles.Admin), PlatformJson.Options))
            promoted.StatusCode.Should().Be(HttpStatusCode.OK);
        var asAdmin = await WorkerCalls.ClaimAsync(strangersWorker, "stranger's", [RemoteWorkFixture.Type], max: 32);
        var withoutPassword = await Refused(() => platform.Admin.Client.CreateApiKeyAsync(new CreateApiKeyRequest("pool", [Scopes.Worker])));

        asUser.Should().NotContain(c => c.JobId == job.Id);
        asAdmin.Should().NotContain(c => c.JobId == job.Id, "a key made by an ordinary user stays theirs alone when they become an admin");
        withoutPassword.Status.Should().Be(HttpStatusCode.BadRequest);
        withoutPassword.Errors.Should().ContainKey("password");
        (await platform.Admin.Client.ListApiKeysAsync()).Should().NotContain(k => k.Name == "pool", "nothing was created");
        (await owner.Client.GetJobAsync(job.Id)).Status.Should().Be(JobStatus.Queued);
    }

    [Fact]
    public async Task Lists_and_counts_show_only_the_callers_own_jobs()
    {
        var owner = await App.CreateUserAsync();
        var stranger = await App.CreateUserAsync();
        var job = await owner.Client.SubmitAsync(CancelJobTests.LongGeneration(steps: 2));

        (await stranger.Client.ListJobsAsync()).Items.Should().BeEmpty();
        (await stranger.Client.GetStatsAsync()).Total.Should().Be(0);
        (await owner.Client.ListJobsAsync()).Items.Select(j => j.Id).Should().Equal(job.Id);
    }

    [Fact]
    public async Task Admin_endpoints_are_forbidden_to_a_user_who_is_not_an_admin()
    {
        await App.CreateUserAsync();
        var user = await App.CreateUserAsync();
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };

        var adminEndpoints = MappedEndpoints().Where(e => e.Pattern.StartsWith("/api/v1/admin/")).ToList();

        adminEndpoints.Should().NotBeEmpty();
        foreach (var (method, pattern) in adminEndpoints)
        {
            using var response = await http.SendAsync(Request(method, Fill(pattern, _ => user.Id), user.Tokens.AccessToken));
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{method} {pattern}");
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"forbidden\"", $"{method} {pattern}");
        }
    }

    // Every route with an id (under one of <paramref name="only"/>'s prefixes when given), called by the stranger with the
    // ids of someone else's things, answers 404.
    private async Task EveryIdRouteIsNotFoundAsync(TestUser stranger, IReadOnlyDictionary<string, Guid> idOf, string artifact = "x",
        IReadOnlyList<string>? only = null)
    {
        using var http = new HttpClient { BaseAddress = App.ClientOptions.BaseAddress };
        var routes = MappedEndpoints().Where(e => e.Pattern.Contains("{id") && !e.Pattern.StartsWith("/api/v1/admin/") && !IsWorkers(e.Pattern)
            && (only is null || only.Any(e.Pattern.StartsWith))).ToList();
        routes.Should().NotBeEmpty();
        foreach (var (method, pattern) in routes)
        {
            // The most specific prefix: "/api/v1/jobs/batches/" before "/api/v1/jobs/".
            var prefix = idOf.Keys.Where(pattern.StartsWith).MaxBy(p => p.Length)
                ?? throw new InvalidOperationException($"{method} {pattern} takes an id but this test has no cross-user case for it: add one.");
            using var response = await http.SendAsync(Request(method, Fill(pattern, _ => idOf[prefix], artifact), stranger.Tokens.AccessToken));
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"{method} {pattern} with another user's id");
        }
    }

    // A dashboard's connection, not started yet.
    private HubConnection HubConnectionOf(TestUser user) => new HubConnectionBuilder()
        .WithUrl(new Uri(App.ClientOptions.BaseAddress, "hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(user.Tokens.AccessToken))
        .AddJsonProtocol(json => PlatformJson.Configure(json.PayloadSerializerOptions))
        .Build();

    private IReadOnlyList<(string Method, string Pattern)> MappedEndpoints() =>
        App.Service<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => e.method != HttpMethods.Options)
            .Distinct()
            .ToList();

    // Worker calls name a job by its lease, not only its id: theirs is a 409, tested on its own.
    private static bool IsWorkers(string pattern) => pattern.StartsWith("/api/v1/worker/", StringComparison.Ordinal);

    private static string Fill(string pattern, Func<string, Guid> id, string name = "x") =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}",
            m => m.Groups[1].Value == "id" || m.Groups[2].Value.Contains("guid") ? id(m.Value).ToString() : m.Groups[1].Value == "name" ? name : "x");

    private static HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        // Resumable uploads answer 412 to a request that does not name their protocol's version, before looking at the id.
        request.Headers.Add(Tus.ResumableHeader, Tus.Version);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
