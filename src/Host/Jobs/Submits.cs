using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Accounts;
using Platform.Host.Defaults;
using Platform.Jobs;

namespace Platform.Host.Jobs;

/// <summary>The steps a single and a batch submit share: the Idempotency-Key, the JSON body, and how each outcome is answered.</summary>
internal static class Submits
{
    /// <summary>What every submit endpoint declares: its JSON body, a 409 for a reused Idempotency-Key, and the write scope.</summary>
    public static RouteHandlerBuilder AsSubmitOf<TBody>(this RouteHandlerBuilder endpoint) where TBody : notnull => endpoint
        .Accepts<TBody>("application/json")
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .RequireAuthorization(Scopes.JobsWrite);

    public static async Task<Results<Accepted<T>, ValidationProblem, ProblemHttpResult>> HandleAsync<TBody, T>(HttpRequest request,
        Func<TBody, string?, Task<SubmitResult<T>>> submit, Func<T, string> location, string refusedTitle, CancellationToken ct)
        where TBody : class where T : class
    {
        var (key, keyProblem) = IdempotencyKeyHeader.Read(request);
        if (keyProblem is not null)
            return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<TBody>(request, ct);
        if (body is null)
            return problem!;

        var result = await submit(body, key);
        if (result.KeyReused)
            return IdempotencyKeyHeader.Reused();
        if (result.QuotaReached is { } quota)
            return QuotaReached(quota);
        if (result.Value is not { } accepted)
            return ApiProblems.Invalid(result.Errors, refusedTitle);
        if (result.Replayed)
            IdempotencyKeyHeader.MarkReplayed(request.HttpContext.Response);
        return TypedResults.Accepted(location(accepted), accepted);
    }

    public static ProblemHttpResult QuotaReached(string detail) =>
        ApiProblems.Create(StatusCodes.Status429TooManyRequests, "queue_quota_reached", "Too many jobs queued.", detail);
}
