namespace Platform.Host.Defaults;

/// <summary>Headers that keep browsers from sniffing, framing or leaking the API and the dashboard.</summary>
public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    // Swagger UI loads only its own scripts, but the descriptions it renders from Markdown carry inline style attributes.
    private const string SwaggerContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
        "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

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

    private static Task AddHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger")
            ? SwaggerContentSecurityPolicy
            : ContentSecurityPolicy;
        return Task.CompletedTask;
    }
}
