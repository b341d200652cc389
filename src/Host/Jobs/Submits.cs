using Platform.Jobs;

namespace Platform.Host.Jobs;

/// <summary>The steps a single and a batch submit share: the Idempotency-Key, the JSON body, and the answer to what came of it.</summary>
internal static class Submits
{
    /// <summary>What every submit endpoint declares: its JSON body, a 409 for a reused Idempotency-Key, and the write scope.</summary>
    public static RouteHandlerBuilder AsSubmitOf<TBody>(this RouteHandlerBuilder endpoint) where TBody : notnull => endpoint
        .Accepts<TBody>("application/json")
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .RequireAuthorization(Scopes.JobsWrite);

    public static async Task<Results<Accepted<T>, ProblemHttpResult, ValidationProblem>> HandleAsync<TBody, T>(HttpRequest request,
        Func<TBody, string?, Task<Outcome<Submission<T>>>> submit, Func<T, string> location, CancellationToken ct)
        where TBody : class
    {
        var (key, keyProblem) = IdempotencyKeyHeader.Read(request);
        if (keyProblem is not null)
            return keyProblem;
        var (body, problem) = await JsonBody.ReadAsync<TBody>(request, ct);
        if (body is null)
            return problem!;

        return (await submit(body, key)).Answer(submission =>
        {
            if (submission.Replayed)
                IdempotencyKeyHeader.MarkReplayed(request.HttpContext.Response);
            return TypedResults.Accepted(location(submission.Value), submission.Value);
        });
    }
}
