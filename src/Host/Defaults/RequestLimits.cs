using Microsoft.AspNetCore.Http.Features;

namespace Platform.Host.Defaults;

/// <summary>How much a single request may send; a larger body is refused with 413 before it is read into memory.</summary>
public static class RequestLimits
{
    /// <summary>
    /// How far past its own limit a body refused before it was read may go and still be read to its end, so its client
    /// gets the refusal rather than a connection reset while it is still sending.
    /// </summary>
    public const long RefusalAllowance = 64 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var limits = LimitsOptions.Add(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>Lets this request's body reach <paramref name="bytes"/>: the host's limit is for JSON, not for files.</summary>
    public static void AllowBody(HttpRequest request, long bytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = bytes;
    }
}
