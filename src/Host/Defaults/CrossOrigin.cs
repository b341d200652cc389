using Microsoft.Net.Http.Headers;

namespace Platform.Host.Defaults;

/// <summary>Browsers on the origins listed under <c>Cors:Origins</c> may call the API with credentials; no others.</summary>
public static class CrossOrigin
{
    public static WebApplicationBuilder AddCrossOrigin(this WebApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetSection("Cors:Origins").Get<string[]>() ?? [];
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowCredentials()
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders(HeaderNames.RetryAfter)));
        return builder;
    }
}
