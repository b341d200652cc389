using Microsoft.OpenApi;
using Platform.Contracts;
using Platform.Host.Health;
using Platform.Host.Jobs;
using Platform.Host.Organizations;

namespace Platform.Host.Defaults;

/// <summary>Cross-cutting setup: logging, problem responses, request limits, browser security, JSON, OpenAPI, health, metrics.</summary>
public static class ServiceDefaults
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddStructuredLogging();
        // The one clock every part of the host reads, so a test can set the time for all of them at once.
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddProblemResponses();
        builder.AddRequestLimits();
        builder.AddCrossOrigin();
        builder.Services.ConfigureHttpJsonOptions(json => PlatformJson.Configure(json.SerializerOptions));

        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Platform API",
                Version = "v1",
                Description = "Submit generation and training jobs, follow their progress, fetch their output. "
                    + "Sign in at /api/v1/auth/login, then call with the access token or an API key.",
            });
            swagger.AddPlatformSecurity();
            swagger.AddProblemResponseDocs();
            swagger.AddActAsParameterDocs();
            swagger.AddRequestExamples();
            swagger.AddBinaryBodyDocs();
            swagger.AddJobInputSchemas();
        });
        builder.Services.AddHealthChecks().AddReadinessChecks();
        builder.AddPrometheusMetrics();
        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        // Outside the exception handler: the request log shows the status sent, and the exception is logged once, by the handler.
        app.UseRequestLogging();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseRequestTextCheck();
        // Only on its own paths: a middleware that every request passes stays in memory for as long as a hub connection lasts.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger"), swagger =>
        {
            swagger.UseSwagger();
            swagger.UseSwaggerUI(ui =>
            {
                ui.RoutePrefix = "swagger";
                ui.EnablePersistAuthorization();
            });
        });
        app.MapHealthEndpoints();
        app.MapMetricsElsewhere();
        return app;
    }
}
