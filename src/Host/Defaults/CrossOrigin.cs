using Microsoft.Net.Http.Headers;
using Platform.Contracts.Files;

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
            // A browser's tus client reads where its upload lives and how far it got.
            .WithExposedHeaders(HeaderNames.RetryAfter, HeaderNames.Location, Tus.ResumableHeader, Tus.VersionHeader, Tus.ExtensionHeader,
                Tus.MaxSizeHeader, Tus.OffsetHeader, Tus.LengthHeader, Tus.MetadataHeader, Tus.ExpiresHeader, Tus.FileIdHeader)));
        return builder;
    }
}
