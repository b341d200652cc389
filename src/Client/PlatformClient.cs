using System.Net.Http.Json;
using Platform.Contracts;
using Platform.Contracts.Accounts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Organizations;
using Platform.Contracts.Schedules;
using Platform.Contracts.Webhooks;
using Platform.Contracts.Workers;

namespace Platform.Client;

/// <summary>Typed access to the Platform REST API, and to what the hub pushes live: job events, notifications, presence and rooms.</summary>
public sealed partial class PlatformClient(HttpClient http, PlatformCredentials? credentials = null)
{
    private readonly PlatformCredentials _credentials = credentials ?? PlatformCredentials.None;

    /// <summary>A client for the host at <paramref name="baseAddress"/>, e.g. http://localhost:5080.</summary>
    public PlatformClient(Uri baseAddress, PlatformCredentials? credentials = null) : this(new HttpClient { BaseAddress = baseAddress }, credentials)
    {
    }

    public Uri BaseAddress => http.BaseAddress ?? throw new InvalidOperationException("The HttpClient has no BaseAddress.");

    /// <summary>The same host, called with other credentials.</summary>
    public PlatformClient WithCredentials(PlatformCredentials other) => new(http, other) { Retries = Retries, ActingFor = ActingFor };

    /// <summary>The organization every call acts for (its jobs, files, schedules, live events), or null for the caller's own.</summary>
    public Guid? ActingFor { get; init; }

    /// <summary>The same host and credentials, acting for an organization the caller belongs to, with the scopes their role there gives.</summary>
    public PlatformClient ForOrganization(Guid organizationId) => new(http, _credentials) { Retries = Retries, ActingFor = organizationId };

    /// <summary>When requests refused with 429 (or 503, where repeating is safe) are sent again; <see cref="RetryPolicy.None"/> to see every refusal.</summary>
    public RetryPolicy Retries { get; init; } = RetryPolicy.Default;

    public Task<UserProfile> RegisterAsync(RegisterRequest request, CancellationToken ct = default) =>
        SendAsync<UserProfile>(HttpMethod.Post, "api/v1/auth/register", request, ct);

    public Task<TokenResponse> LoginAsync(LoginRequest request, CancellationToken ct = default) =>
        SendAsync<TokenResponse>(HttpMethod.Post, "api/v1/auth/login", request, ct);

    public Task<TokenResponse> RefreshAsync(string refreshToken, CancellationToken ct = default) =>
        SendAsync<TokenResponse>(HttpMethod.Post, "api/v1/auth/refresh", new RefreshRequest(refreshToken), ct);

    public Task LogoutAsync(string refreshToken, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/logout", new RefreshRequest(refreshToken), ct);

    /// <summary>Asks for a mail with a link to choose a new password; answers alike whether or not the account exists.</summary>
    public Task ForgotPasswordAsync(string email, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/forgot-password", new ForgotPasswordRequest(email), ct);

    /// <summary>Sets a new password with the token of a mailed reset link; every session of the account ends.</summary>
    public Task ResetPasswordAsync(string token, string newPassword, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/reset-password", new ResetPasswordRequest(token, newPassword), ct);

    public Task<UserProfile> GetProfileAsync(CancellationToken ct = default) =>
        SendAsync<UserProfile>(HttpMethod.Get, "api/v1/users/me", null, ct);

    public Task<UserProfile> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken ct = default) =>
        SendAsync<UserProfile>(HttpMethod.Put, "api/v1/users/me", request, ct);

    public Task ChangePasswordAsync(ChangePasswordRequest request, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, "api/v1/users/me/password", request, ct);

    public Task<List<SessionInfo>> ListSessionsAsync(CancellationToken ct = default) =>
        SendAsync<List<SessionInfo>>(HttpMethod.Get, "api/v1/users/me/sessions", null, ct);

    public Task RevokeSessionAsync(Guid sessionId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/users/me/sessions/{sessionId}", null, ct);

    public Task<ApiKeyCreated> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken ct = default) =>
        SendAsync<ApiKeyCreated>(HttpMethod.Post, "api/v1/users/me/api-keys", request, ct);

    public Task<List<ApiKeyInfo>> ListApiKeysAsync(CancellationToken ct = default) =>
        SendAsync<List<ApiKeyInfo>>(HttpMethod.Get, "api/v1/users/me/api-keys", null, ct);

    public Task RevokeApiKeyAsync(Guid keyId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/users/me/api-keys/{keyId}", null, ct);

    public Task<Job> SubmitAsync(SubmitJobRequest request, CancellationToken ct = default) =>
        SendAsync<Job>(HttpMethod.Post, "api/v1/jobs", request, ct);

    /// <summary>
    /// Submits under <paramref name="idempotencyKey"/>: sending the same request with the same key again (say, after a
    /// timeout) returns the job the first one created instead of a second job. The key must be 1 to 200 printable ASCII characters.
    /// </summary>
    public Task<Job> SubmitAsync(SubmitJobRequest request, string? idempotencyKey, CancellationToken ct = default) =>
        SendAsync<Job>(HttpMethod.Post, "api/v1/jobs", request, ct, idempotencyKey);

    /// <summary>Submits many jobs that are accepted all together or not at all, optionally under an idempotency key.</summary>
    public Task<JobBatch> SubmitBatchAsync(SubmitBatchRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        SendAsync<JobBatch>(HttpMethod.Post, "api/v1/jobs/batch", request, ct, idempotencyKey);

    /// <summary>A batch's progress and the state of each of its jobs.</summary>
    public Task<JobBatch> GetBatchAsync(Guid batchId, CancellationToken ct = default) =>
        SendAsync<JobBatch>(HttpMethod.Get, $"api/v1/jobs/batches/{batchId}", null, ct);

    public Task<Job> GetJobAsync(Guid jobId, CancellationToken ct = default) =>
        SendAsync<Job>(HttpMethod.Get, $"api/v1/jobs/{jobId}", null, ct);

    /// <summary>
    /// Long-polls the job: answers once its stored version passes <paramref name="afterVersion"/> or it ends, or with
    /// the unchanged job after <paramref name="wait"/> (at most a minute).
    /// </summary>
    public Task<Job> WaitForChangeAsync(Guid jobId, long afterVersion, TimeSpan wait, CancellationToken ct = default) =>
        SendAsync<Job>(HttpMethod.Get, $"api/v1/jobs/{jobId}?waitForChange={(long)wait.TotalMilliseconds}ms&afterVersion={afterVersion}", null, ct);

    /// <summary>
    /// The job once it has ended (succeeded, failed for good, or cancelled). Listens on the hub, and long-polls over HTTP
    /// where the hub cannot be reached. Throws <see cref="TimeoutException"/> when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<Job> WaitForCompletionAsync(Guid jobId, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } limit)
            deadline.CancelAfter(limit);
        try
        {
            return await JobCompletion.WaitAsync(this, jobId, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Job {jobId} did not end within {timeout}.");
        }
    }

    public Task<Page<Job>> ListJobsAsync(JobStatus? status = null, string? type = null, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<Job>>(HttpMethod.Get, JobListPath("api/v1/jobs", status, type, page, pageSize), null, ct);

    private static string JobListPath(string path, JobStatus? status, string? type, int page, int pageSize)
    {
        var query = $"{path}?page={page}&pageSize={pageSize}";
        if (status is not null)
            query += $"&status={status.ToString()!.ToLowerInvariant()}";
        if (type is not null)
            query += $"&type={Uri.EscapeDataString(type)}";
        return query;
    }

    /// <summary>The job types the caller may submit, each with the JSON Schema of its input.</summary>
    public Task<IReadOnlyList<JobTypeInfo>> ListJobTypesAsync(CancellationToken ct = default) =>
        SendAsync<IReadOnlyList<JobTypeInfo>>(HttpMethod.Get, "api/v1/job-types", null, ct);

    public Task<JobTypeInfo> GetJobTypeAsync(string name, CancellationToken ct = default) =>
        SendAsync<JobTypeInfo>(HttpMethod.Get, $"api/v1/job-types/{Uri.EscapeDataString(name)}", null, ct);

    public Task<JobStats> GetStatsAsync(CancellationToken ct = default) =>
        SendAsync<JobStats>(HttpMethod.Get, "api/v1/jobs/stats", null, ct);

    public Task<Job> CancelAsync(Guid jobId, CancellationToken ct = default) =>
        SendAsync<Job>(HttpMethod.Post, $"api/v1/jobs/{jobId}/cancel", null, ct);

    public Task<Schedule> CreateScheduleAsync(CreateScheduleRequest request, CancellationToken ct = default) =>
        SendAsync<Schedule>(HttpMethod.Post, "api/v1/schedules", request, ct);

    public Task<List<Schedule>> ListSchedulesAsync(CancellationToken ct = default) =>
        SendAsync<List<Schedule>>(HttpMethod.Get, "api/v1/schedules", null, ct);

    public Task<Schedule> GetScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync<Schedule>(HttpMethod.Get, $"api/v1/schedules/{scheduleId}", null, ct);

    public Task<Schedule> PauseScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync<Schedule>(HttpMethod.Post, $"api/v1/schedules/{scheduleId}/pause", null, ct);

    public Task<Schedule> ResumeScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync<Schedule>(HttpMethod.Post, $"api/v1/schedules/{scheduleId}/resume", null, ct);

    public Task DeleteScheduleAsync(Guid scheduleId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/schedules/{scheduleId}", null, ct);

    /// <summary>What a cron means in plain English and its next five firings in the time zone, checked as a create checks it.</summary>
    public Task<SchedulePreview> PreviewScheduleAsync(PreviewScheduleRequest request, CancellationToken ct = default) =>
        SendAsync<SchedulePreview>(HttpMethod.Post, "api/v1/schedules/preview", request, ct);

    /// <summary>The job's log lines, oldest first.</summary>
    public Task<Page<JobLogLine>> GetLogsAsync(Guid jobId, JobLogLevel? lowest = null, int page = 1, int pageSize = 100, CancellationToken ct = default) =>
        SendAsync<Page<JobLogLine>>(HttpMethod.Get,
            $"api/v1/jobs/{jobId}/logs?page={page}&pageSize={pageSize}" + (lowest is { } level ? $"&level={level.ToString().ToLowerInvariant()}" : ""), null, ct);

    /// <summary>Runs a failed or cancelled job again.</summary>
    public Task<Job> RetryAsync(Guid jobId, CancellationToken ct = default) =>
        SendAsync<Job>(HttpMethod.Post, $"api/v1/jobs/{jobId}/retry", null, ct);

    /// <summary>The job's stored events after <paramref name="afterVersion"/>, in version order: every page of them.</summary>
    public async Task<List<JobEvent>> GetEventsAsync(Guid jobId, long afterVersion = 0, CancellationToken ct = default)
    {
        var events = new List<JobEvent>();
        for (long? after = afterVersion; after is { } from;)
        {
            var page = await GetEventPageAsync(jobId, from, ct: ct);
            events.AddRange(page.Events);
            after = page.NextAfter;
        }
        return events;
    }

    /// <summary>One page of the job's stored events after <paramref name="afterVersion"/>; its <c>NextAfter</c> asks for the next.</summary>
    public Task<JobEventPage> GetEventPageAsync(Guid jobId, long afterVersion = 0, int? limit = null, CancellationToken ct = default) =>
        SendAsync<JobEventPage>(HttpMethod.Get,
            $"api/v1/jobs/{jobId}/events?afterVersion={afterVersion}" + (limit is { } most ? $"&limit={most}" : ""), null, ct);

    /// <summary>The job's webhook calls, oldest first, each with every attempt to make it.</summary>
    public Task<List<WebhookDelivery>> GetWebhookDeliveriesAsync(Guid jobId, CancellationToken ct = default) =>
        SendAsync<List<WebhookDelivery>>(HttpMethod.Get, $"api/v1/jobs/{jobId}/webhooks", null, ct);

    /// <summary>The secret the caller's webhook calls are signed with; check calls with <see cref="WebhookSignature.Verify"/>.</summary>
    public async Task<string> GetWebhookSecretAsync(CancellationToken ct = default) =>
        (await SendAsync<WebhookSigningSecret>(HttpMethod.Get, "api/v1/webhooks/secret", null, ct)).Secret;

    /// <summary>Replaces the caller's webhook signing secret and returns the new one.</summary>
    public async Task<string> RotateWebhookSecretAsync(CancellationToken ct = default) =>
        (await SendAsync<WebhookSigningSecret>(HttpMethod.Post, "api/v1/webhooks/secret/rotate", null, ct)).Secret;

    public async Task<byte[]> DownloadArtifactAsync(Guid jobId, string name, CancellationToken ct = default)
    {
        using var response = await RawSendAsync(HttpMethod.Get, $"api/v1/jobs/{jobId}/artifacts/{Uri.EscapeDataString(name)}", null, ct);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>
    /// A link that downloads the artifact without credentials, for anyone holding it, until <paramref name="lifetime"/>
    /// has passed (the platform's default when null; whole seconds, rounded up), and only once when <paramref name="once"/>.
    /// </summary>
    public Task<DownloadLink> CreateArtifactLinkAsync(Guid jobId, string name, TimeSpan? lifetime = null, bool once = false, CancellationToken ct = default) =>
        SendAsync<DownloadLink>(HttpMethod.Post, $"api/v1/jobs/{jobId}/artifacts/{Uri.EscapeDataString(name)}/link",
            new CreateLinkRequest(lifetime is { } span ? (int)Math.Ceiling(span.TotalSeconds) : null, once), ct);

    /// <summary>The caller's notifications, newest first; only the unread ones when <paramref name="unreadOnly"/>.</summary>
    public Task<Page<Notification>> ListNotificationsAsync(bool unreadOnly = false, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        SendAsync<Page<Notification>>(HttpMethod.Get,
            $"api/v1/notifications?page={page}&pageSize={pageSize}" + (unreadOnly ? "&unreadOnly=true" : ""), null, ct);

    public Task<Notification> MarkNotificationReadAsync(Guid notificationId, CancellationToken ct = default) =>
        SendAsync<Notification>(HttpMethod.Post, $"api/v1/notifications/{notificationId}/read", null, ct);

    /// <summary>Marks every unread notification of the caller's read; answers how many there were.</summary>
    public Task<NotificationsRead> MarkAllNotificationsReadAsync(CancellationToken ct = default) =>
        SendAsync<NotificationsRead>(HttpMethod.Post, "api/v1/notifications/read-all", null, ct);

    /// <summary>
    /// A hub connection for job events, notifications, presence and rooms, not yet started: add its handlers, then
    /// call <see cref="PlatformLiveConnection.StartAsync"/>.
    /// </summary>
    public PlatformLiveConnection CreateLiveConnection() => new(HubUrl, _credentials);

    /// <summary>
    /// Calls <paramref name="onEvent"/> for every stored event after <paramref name="afterVersion"/> and then
    /// live ones, in version order; after a dropped connection it reconnects and resumes where it left off.
    /// </summary>
    public Task<JobSubscription> SubscribeAsync(Guid jobId, Func<JobEvent, Task> onEvent, long afterVersion = 0, CancellationToken ct = default) =>
        JobSubscription.StartAsync(HubUrl, _credentials, jobId, afterVersion, onEvent, ct);

    /// <summary>Calls <paramref name="onEvent"/> for live events of every job the caller owns, from now on.</summary>
    public Task<JobSubscription> SubscribeMyJobsAsync(Func<JobEvent, Task> onEvent, CancellationToken ct = default) =>
        JobSubscription.StartAsync(HubUrl, _credentials, null, 0, onEvent, ct);

    private Uri HubUrl => new(BaseAddress, Address("hubs/jobs"));

    /// <summary>The path with the organization it acts for, if any: the host reads it from every request alike.</summary>
    private string Address(string path) =>
        ActingFor is { } organization ? $"{path}{(path.Contains('?') ? '&' : '?')}{ActAsParameter.Name}={organization}" : path;

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await RawSendAsync(method, path, body, ct);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, string? idempotencyKey = null)
    {
        using var response = await RawSendAsync(method, path, body, ct, idempotencyKey);
        await PlatformApiException.ThrowIfFailedAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(PlatformJson.Options, ct)
            ?? throw new PlatformApiException(response.StatusCode, "The response had no body.", null, new Dictionary<string, string[]>());
    }

    private async Task<HttpResponseMessage> RawSendAsync(HttpMethod method, string path, object? body, CancellationToken ct, string? idempotencyKey = null,
        string? lease = null, RetryPolicy? retryPolicy = null)
    {
        for (var retries = 0; ; retries++)
        {
            using var request = new HttpRequestMessage(method, Address(path));
            if (idempotencyKey is not null)
                request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            if (lease is not null)
                request.Headers.TryAddWithoutValidation(JobLeaseHeader.Name, lease);
            if (body is not null)
                request.Content = JsonContent.Create(body, body.GetType(), options: PlatformJson.Options);
            await _credentials.ApplyAsync(request, ct);
            var response = await http.SendAsync(request, ct);
            if ((retryPolicy ?? Retries).DelayBeforeRetry(response, retries, idempotencyKey is not null) is not { } delay)
                return response;
            response.Dispose();
            await Task.Delay(delay, ct);
        }
    }
}
