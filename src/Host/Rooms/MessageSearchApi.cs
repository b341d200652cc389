using Platform.Contracts.Jobs;
using Platform.Contracts.Rooms;
using Platform.Host.Jobs;
using Platform.Jobs.Rooms;
using Platform.Storage.Rooms;

namespace Platform.Host.Rooms;

/// <summary>Full-text search across the stored rooms the caller may read: their own and every public one.</summary>
public static class MessageSearchApi
{
    public static RouteGroupBuilder MapMessageSearchApi(this IEndpointRouteBuilder app)
    {
        var messages = app.MapApiGroup("/api/v1/messages", "Rooms");
        messages.MapGet("/search", SearchAsync)
            .Describe("SearchRoomMessages", "Messages matching q (words, \"a phrase\", -excluded) in the rooms you may read, best first, each with a snippet "
                + "and the ranges of the matched words; roomId, authorId, from (inclusive), to (exclusive) narrow it")
            .RequireAuthorization(Scopes.JobsRead);
        return messages;
    }

    private static async Task<Results<Ok<Page<MessageSearchHit>>, ValidationProblem>> SearchAsync(string? q, string? roomId, string? authorId,
        string? from, string? to, int? page, int? pageSize, ClaimsPrincipal caller, MessageSearch search, IOptions<RoomsOptions> options,
        CancellationToken ct)
    {
        var (filter, problem) = Parse(q, roomId, authorId, from, to, options.Value.MaxSearchLength);
        if ((problem ?? JobListQuery.PagingProblem(page, pageSize)) is { } invalid)
            return invalid;
        var (hits, total) = await search.SearchAsync(caller.UserIdOf(), filter!, page ?? 1, pageSize ?? 20, ct);
        return TypedResults.Ok(new Page<MessageSearchHit>(hits, total, page ?? 1, pageSize ?? 20));
    }

    // Ids are read here rather than bound, so that a malformed one is named in the problem like any other field.
    private static (MessageSearchFilter? Filter, ValidationProblem? Problem) Parse(string? q, string? roomId, string? authorId, string? from,
        string? to, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > maxLength)
            return (null, ApiProblems.Invalid("q", $"must be 1 to {maxLength} characters (Rooms:MaxSearchLength)."));
        if (!TryId(roomId, out var room))
            return (null, ApiProblems.Invalid("roomId", "must be a room's id."));
        if (!TryId(authorId, out var author))
            return (null, ApiProblems.Invalid("authorId", "must be a user's id."));
        if (!QueryTimes.TryParse(from, out var since))
            return (null, ApiProblems.Invalid("from", "must be a date and time, e.g. 2026-05-01T00:00:00Z."));
        if (!QueryTimes.TryParse(to, out var until))
            return (null, ApiProblems.Invalid("to", "must be a date and time, e.g. 2026-05-02T00:00:00Z."));
        if (since > until)
            return (null, ApiProblems.Invalid("from", "must not be after to."));
        return (new MessageSearchFilter(q.Trim(), room, author, since, until), null);
    }

    private static bool TryId(string? text, out Guid? id)
    {
        id = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!Guid.TryParse(text, out var parsed))
            return false;
        id = parsed;
        return true;
    }
}
