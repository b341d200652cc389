namespace Platform.Host.Defaults;

/// <summary>Headers that keep browsers from sniffing, framing or leaking the API and the dashboard, or running what users stored.</summary>
public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    // Swagger UI loads only its own scripts, but the descriptions it renders from Markdown carry inline style attributes.
    private const string SwaggerContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>
    /// For a user's bytes: should a browser render them after all (a file opened from disk, a proxy that drops the
    /// attachment), they run in an opaque origin with no scripts, and load nothing and are framed nowhere.
    /// </summary>
    public const string UserBytesContentSecurityPolicy = "sandbox; default-src 'none'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.Use((context, next) =>
        {
            // Set as the response starts: the exception handler clears headers set earlier.
            context.Response.OnStarting(AddHeaders, context);
            return next(context);
        });
        return app;
    }

    /// <summary>Marks the response as carrying a user's bytes, which get <see cref="UserBytesContentSecurityPolicy"/> as it starts.</summary>
    public static void CarriesUserBytes(HttpResponse response) => response.HttpContext.Features.Set(UserBytes.Instance);

    private static Task AddHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = context.Features.Get<UserBytes>() is not null ? UserBytesContentSecurityPolicy
            : context.Request.Path.StartsWithSegments("/swagger") ? SwaggerContentSecurityPolicy
            : ContentSecurityPolicy;
        return Task.CompletedTask;
    }

    private sealed class UserBytes
    {
        public static readonly UserBytes Instance = new();
    }
}
