using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Platform.Contracts;
using Platform.Contracts.Admin;
using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Organizations;
using Platform.Contracts.Projects;
using Platform.Contracts.Rooms;
using Platform.Contracts.Schedules;
using Platform.Contracts.Webhooks;
using Platform.Contracts.Workers;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Platform.Host.Defaults;

/// <summary>An example body for every request the API reads, written as contract instances so they stay valid as the contracts change.</summary>
public static class OpenApiExamples
{
    private static readonly SubmitJobRequest Generation = new("generation",
        JsonSerializer.SerializeToElement(new { prompt = "a red fox in the snow", width = 256, height = 256, steps = 20 }),
        Priority: 5, Webhook: new JobWebhook("https://example.com/hooks/jobs", [WebhookEvents.Completed]),
        Room: new JobRoom(Guid.Parse("0193a6b4-5e21-7a3c-b0d1-2e3f4a5b6c7d"), ProgressEvery: 25));

    private static readonly SubmitJobRequest Training = new("training",
        JsonSerializer.SerializeToElement(new { epochs = 50, learningRate = 0.05 }), MaxAttempts: 2, TimeoutSeconds: 600);

    public static IReadOnlyDictionary<Type, object> ByType { get; } = new Dictionary<Type, object>
    {
        [typeof(SubmitJobRequest)] = Generation,
        [typeof(SubmitBatchRequest)] = new SubmitBatchRequest([Generation with { Webhook = null }, Training]),
        [typeof(CreateScheduleRequest)] = new CreateScheduleRequest("nightly fox", "0 0 3 * * ?", Generation with { Webhook = null }, "Europe/Paris"),
        [typeof(PreviewScheduleRequest)] = new PreviewScheduleRequest("0 30 9 ? * MON-FRI", "Europe/Paris"),
        [typeof(CreateProjectRequest)] = new CreateProjectRequest("Lighthouses", "Renders for the coastal series"),
        [typeof(UpdateProjectRequest)] = new UpdateProjectRequest(Name: "Lighthouses at dusk"),
        [typeof(DuplicateProjectRequest)] = new DuplicateProjectRequest("Lighthouses, season two"),
        [typeof(RegisterRequest)] = new RegisterRequest("ada@example.com", "correct horse battery staple", "Ada"),
        [typeof(LoginRequest)] = new LoginRequest("ada@example.com", "correct horse battery staple", "laptop"),
        [typeof(RefreshRequest)] = new RefreshRequest("0193a6b2c4d84e1f9a0b1c2d3e4f5a6b.Zm9vYmFyYmF6cXV4"),
        [typeof(ForgotPasswordRequest)] = new ForgotPasswordRequest("ada@example.com"),
        [typeof(ResetPasswordRequest)] = new ResetPasswordRequest("0193a6b2c4d84e1f9a0b1c2d3e4f5a6b.Zm9vYmFyYmF6cXV4", "a longer passphrase of my own"),
        [typeof(UpdateProfileRequest)] = new UpdateProfileRequest("Ada Lovelace", new UserSettings(new NotificationPreferences(JobSucceeded: false))),
        [typeof(ChangePasswordRequest)] = new ChangePasswordRequest("correct horse battery staple", "a longer passphrase of my own"),
        [typeof(CreateApiKeyRequest)] = new CreateApiKeyRequest("chat bot", [Scopes.JobsRead, Scopes.JobsWrite], DateTimeOffset.Parse("2027-01-01T00:00:00Z")),
        [typeof(ChangeRoleRequest)] = new ChangeRoleRequest("admin"),
        [typeof(BulkJobsRequest)] = new BulkJobsRequest(BulkJobActions.Retry,
            [Guid.Parse("0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b"), Guid.Parse("0193a6b3-07aa-7c21-8d4e-5f6a7b8c9d0e")]),
        [typeof(BroadcastRequest)] = new BroadcastRequest("Maintenance tonight", "Jobs submitted after 22:00 UTC start at 23:00."),
        [typeof(DeclareJobTypeRequest)] = new DeclareJobTypeRequest("Upscales an image fourfold on a GPU worker.",
            JsonSerializer.SerializeToElement(new { type = "object", required = new[] { "image" }, properties = new { image = new { type = "string", description = "A URL." } } }),
            MaxAttempts: 2, TimeoutSeconds: 600, Price: new JobPrice(PerRun: 50, PerSecond: 4)),
        [typeof(ClaimRequest)] = new ClaimRequest("gpu-box-1", ["mandelbrot"], Max: 1, WaitSeconds: 20),
        [typeof(ProgressReport)] = new ProgressReport(40, "row 80/200", new Dictionary<string, double> { ["rows"] = 80 }),
        [typeof(LogReport)] = new LogReport("rendering 256x256, at most 200 iterations a point"),
        [typeof(SuccessReport)] = new SuccessReport(JsonSerializer.SerializeToElement(new { image = "mandelbrot.png" })),
        [typeof(FailureReport)] = new FailureReport("CUDA out of memory"),
        [typeof(CreateRoomRequest)] = new CreateRoomRequest("render farm", "what the GPUs are up to", RoomVisibility.Private, RetentionDays: 90),
        [typeof(UpdateRoomRequest)] = new UpdateRoomRequest(Topic: "nightly renders only", RetentionDays: 30),
        [typeof(AddMemberRequest)] = new AddMemberRequest(Guid.Parse("0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b"), RoomRole.Member),
        [typeof(ChangeMemberRoleRequest)] = new ChangeMemberRoleRequest(RoomRole.Moderator),
        [typeof(SendMessageRequest)] = new SendMessageRequest("/generate a lighthouse at dusk"),
        [typeof(MarkReadRequest)] = new MarkReadRequest(42),
        [typeof(CreateLinkRequest)] = new CreateLinkRequest(ExpiresInSeconds: 86_400, Once: true),
        [typeof(OrganizationRequest)] = new OrganizationRequest("Lighthouse Studio"),
        [typeof(ChangeOrganizationRoleRequest)] = new ChangeOrganizationRoleRequest(OrganizationRole.Admin),
        [typeof(InviteRequest)] = new InviteRequest("grace@example.com", OrganizationRole.Member),
        [typeof(AcceptInvitationRequest)] = new AcceptInvitationRequest("q3V0d2FzIHRoZSBuaWdodCBiZWZvcmU"),
        [typeof(CreditSettings)] = new CreditSettings(LowBalanceThreshold: 5_000, EndUserMaxQueued: 3, EndUserCreditsPerDay: 2_000),
        [typeof(CreditChangeRequest)] = new CreditChangeRequest(100_000, "December top-up, invoice 2026-118"),
        [typeof(RefundRequest)] = new RefundRequest(Guid.Parse("0193a6b2-c4d8-7e1f-9a0b-1c2d3e4f5a6b"), null, "the render came out black"),
    };

    public static SwaggerGenOptions AddRequestExamples(this SwaggerGenOptions swagger)
    {
        swagger.OperationFilter<RequestExampleFilter>();
        return swagger;
    }

    private sealed class RequestExampleFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var body = context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
            if (body is null || !ByType.TryGetValue(body, out var example) || operation.RequestBody?.Content is not { } content)
                return;
            foreach (var media in content.Values)
                media.Example = JsonSerializer.SerializeToNode(example, body, PlatformJson.Options);
        }
    }
}
