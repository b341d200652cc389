namespace Platform.Host.Defaults;

/// <summary>Every error leaves as an RFC 7807 problem with the request id and a stable code, and nothing from an exception.</summary>
public static class ProblemResponses
{
    public static WebApplicationBuilder AddProblemResponses(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            problem.Extensions.TryAdd(ProblemCodes.Extension, ProblemCodes.For(problem, problem.Status ?? context.HttpContext.Response.StatusCode));
        });
        // Registered after the default writer, so it only answers callers whose Accept header that one turns down.
        builder.Services.AddSingleton<IProblemDetailsWriter, AnyClientProblemWriter>();
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
        return builder;
    }
}
