using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;

namespace Platform.Jobs;

/// <summary>How a submit request is checked and turned into the event a submit stores.</summary>
public sealed partial class JobCommands
{
    private static readonly TimeSpan FurthestRunAt = TimeSpan.FromDays(366);

    /// <summary>The event that submitting <paramref name="request"/> now would store, or why it cannot be submitted.</summary>
    public async Task<(JobSubmitted? Submitted, IReadOnlyDictionary<string, string[]> Errors)> PrepareAsync(SubmitJobRequest request, string ownerId,
        string? submittedBy, CancellationToken ct)
    {
        var (type, input, priority) = (request.Type, request.Input, request.Priority);
        var errors = new FieldErrors();
        var known = !string.IsNullOrWhiteSpace(type) && types.Names.Contains(type);
        void Unknown() => errors.Add("type", $"'{type}' is not a job type; known types: {string.Join(", ", types.Names.Order())}.");
        if (errors.Required("type", type) && !known)
            Unknown();
        if (priority is { } given)
            errors.Range("priority", given, SubmitJobRequest.LowestPriority, SubmitJobRequest.HighestPriority);
        if (request.RunAt > clock.GetUtcNow() + FurthestRunAt)
            errors.Add("runAt", $"must be within {FurthestRunAt.TotalDays:0} days.");
        if (request.MaxAttempts is { } attempts)
            errors.Range("maxAttempts", attempts, 1, SubmitJobRequest.MostAttempts);
        if (request.TimeoutSeconds is { } seconds)
            errors.Range("timeoutSeconds", seconds, 1, SubmitJobRequest.LongestTimeoutSeconds);
        if (request.EndUser is { } endUser && (string.IsNullOrWhiteSpace(endUser) || endUser.Length > SubmitJobRequest.LongestEndUser))
            errors.Add("endUser", $"must be 1 to {SubmitJobRequest.LongestEndUser} characters, not only spaces.");
        var (webhook, webhookErrors) = request.Webhook is null ? (null, FieldErrors.None) : webhookTargets.Check(request.Webhook);
        errors.AddAll(webhookErrors);
        var room = request.Room is null ? null : await CheckRoomAsync(request.Room, submittedBy ?? ownerId, errors, ct);
        if (!known || errors.Any)
            return (null, errors.ToDictionary());

        // An admin may remove a declared type between the two looks: then it is as unknown as any other.
        if (types.Check(type!, input) is not { } check)
        {
            Unknown();
            return (null, errors.ToDictionary());
        }
        if (!check.IsValid)
            return (null, check.Errors);
        var fileErrors = new FieldErrors(under: "input");
        var files = types.SchemaOf(type!) is { } schema ? await fileInputs.CheckAsync(schema, check.Input!.Value, ownerId, fileErrors, ct) : [];
        if (fileErrors.Any)
            return (null, fileErrors.ToDictionary());

        var now = clock.GetUtcNow();
        return (new JobSubmitted(type!, check.Input!.Value, priority ?? SubmitJobRequest.DefaultPriority, ownerId, now,
            RunAt: request.RunAt > now ? request.RunAt.Value.ToUniversalTime() : null,
            MaxAttempts: request.MaxAttempts ?? types.MaxAttemptsOf(type!),
            Timeout: request.TimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : types.TimeoutOf(type!),
            Webhook: webhook, Room: room, Files: files.Count == 0 ? null : files, ProjectId: request.Project,
            SubmittedBy: submittedBy, Price: types.PriceOf(type!), EndUser: request.EndUser), FieldErrors.None);
    }

    // The room as the job keeps it, its step spelled out; what is wrong with it goes into the errors.
    private async Task<JobRoom> CheckRoomAsync(JobRoom room, string poster, FieldErrors errors, CancellationToken ct)
    {
        var every = room.ProgressEvery ?? JobRoom.DefaultProgressEvery;
        if (room.ProgressEvery is { } given)
            errors.Range("room.progressEvery", given, 1, 100);
        if (room.Id == Guid.Empty)
            errors.Add("room.id", "is required.");
        else if (await rooms.PostingProblemAsync(room.Id, poster, ct) is { } problem)
            errors.Add("room.id", problem);
        return room with { ProgressEvery = every };
    }
}
