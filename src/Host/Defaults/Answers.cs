namespace Platform.Host.Defaults;

/// <summary>The one place a command's <see cref="Outcome{T}"/> becomes a REST answer, and its refusal a problem response.</summary>
public static class Answers
{
    public static Results<TOk, ProblemHttpResult, ValidationProblem> Answer<T, TOk>(this Outcome<T> outcome, Func<T, TOk> ok) where TOk : IResult
    {
        if (outcome.Refusal is not { } refusal)
            return ok(outcome.Value);
        if (refusal.Kind == RefusalKind.Invalid)
            return Invalid(refusal);
        return Problem(refusal);
    }

    /// <summary>A refusal as RFC 7807, for endpoints that answer several outcomes: fields at fault as a validation problem.</summary>
    public static Results<ProblemHttpResult, ValidationProblem> Refused(Refusal refusal)
    {
        if (refusal.Kind == RefusalKind.Invalid)
            return Invalid(refusal);
        return Problem(refusal);
    }

    public static Results<Ok<T>, ProblemHttpResult, ValidationProblem> Ok<T>(this Outcome<T> outcome) => outcome.Answer(TypedResults.Ok);

    public static Results<NoContent, ProblemHttpResult, ValidationProblem> NoContent<T>(this Outcome<T> outcome) =>
        outcome.Answer(_ => TypedResults.NoContent());

    public static Results<Created<T>, ProblemHttpResult, ValidationProblem> Created<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.Answer(value => TypedResults.Created(location(value), value));

    private static ValidationProblem Invalid(Refusal refusal) => ApiProblems.Invalid(refusal.Errors, refusal.Title, refusal.Code, refusal.Detail);

    /// <summary>A refusal as RFC 7807 with its status and code, for endpoints whose answers hold no validation problem; fields at fault are not listed.</summary>
    public static ProblemHttpResult Problem(Refusal refusal) =>
        ApiProblems.Create(StatusOf(refusal.Kind), refusal.Code, refusal.Title, refusal.Detail, refusal.Figures);

    private static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.Gone => StatusCodes.Status410Gone,
        RefusalKind.TooMany => StatusCodes.Status429TooManyRequests,
        RefusalKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        RefusalKind.PaymentRequired => StatusCodes.Status402PaymentRequired,
        _ => StatusCodes.Status400BadRequest,
    };
}
