using Microsoft.AspNetCore.Diagnostics;

namespace Platform.Host.Defaults;

/// <summary>
/// Turns what escaped an endpoint into a problem response; bad request bodies are the caller's fault, the rest ours.
/// The exception is logged here and only here: its text never goes into the response.
/// </summary>
internal sealed class UnhandledExceptionHandler(IProblemDetailsService problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "The request body is too large."),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            // Two changes to one account (say, an admin's and the user's own) at once: the later one is refused whole.
            JasperFx.ConcurrencyException => (StatusCodes.Status409Conflict, "Someone else changed this at the same time; read it again and retry."),
            _ => (StatusCodes.Status500InternalServerError, "Something went wrong on our side."),
        };
        if (status >= 500)
            logger.LogError(exception, "Unhandled exception for request {RequestId}", context.TraceIdentifier);

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title },
        });
    }
}
