using Microsoft.AspNetCore.Mvc;

namespace Platform.Host.Defaults;

/// <summary>The machine-readable <c>code</c> of a problem response, for clients that should not parse titles.</summary>
public static class ProblemCodes
{
    public const string Extension = "code";

    public static string For(ProblemDetails problem, int status) => problem is HttpValidationProblemDetails
        ? "validation_failed"
        : status switch
        {
            StatusCodes.Status400BadRequest => "invalid_request",
            StatusCodes.Status401Unauthorized => "unauthenticated",
            StatusCodes.Status402PaymentRequired => "payment_required",
            StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
            StatusCodes.Status409Conflict => "conflict",
            StatusCodes.Status413PayloadTooLarge => "payload_too_large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            StatusCodes.Status429TooManyRequests => "rate_limited",
            StatusCodes.Status500InternalServerError => "internal_error",
            _ => $"http_{status}",
        };
}
