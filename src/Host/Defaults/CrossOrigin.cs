using Microsoft.Net.Http.Headers;
using Platform.Contracts.Files;

using Platform.Storage.Settings;

namespace Platform.Host.Defaults;

/// <summary>The <c>Cors</c> section.</summary>
public sealed class CrossOriginOptions
{
    public const string Section = "Cors";

    /// <summary>Browser origins allowed to call the API with credentials, e.g. <c>https://app.example.com</c>.</summary>
    public string[] Origins { get; set; } = [];

    public static void Rules(SettingsRules<CrossOriginOptions> rules) => rules
        .CheckEach(o => o.Origins, IsOrigin, "an origin: an absolute http or https address without a path, e.g. https://app.example.com");

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.GetLeftPart(UriPartial.Authority) == origin.TrimEnd('/');
}

/// <summary>Browsers on the origins listed under <c>Cors:Origins</c> may call the API with credentials; no others.</summary>
public static class CrossOrigin
{
    public static WebApplicationBuilder AddCrossOrigin(this WebApplicationBuilder builder)
    {
        var origins = builder.Services.AddSettings<CrossOriginOptions>(builder.Configuration, CrossOriginOptions.Section, CrossOriginOptions.Rules).Origins;
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
