namespace Platform.Host.Defaults;

/// <summary>How much a single request may send; a larger body is refused with 413 before it is read into memory.</summary>
public static class RequestLimits
{
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel.Limits.MaxRequestBodySize =
            context.Configuration.GetValue("Limits:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes));
        return builder;
    }
}
