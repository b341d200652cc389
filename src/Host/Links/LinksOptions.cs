namespace Platform.Host.Links;

/// <summary>The <c>Links</c> section: how long download links work.</summary>
public sealed class LinksOptions
{
    public const string Section = "Links";

    /// <summary>A link's lifetime when its maker names none.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest lifetime a maker may ask for; a longer one is refused, not shortened.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(7);
}

public static class LinksExtensions
{
    /// <summary>Download links: their settings, checked on start, their signing, and forgetting used once-only links after they expire.</summary>
    public static WebApplicationBuilder AddLinks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LinksOptions>()
            .Bind(builder.Configuration.GetSection(LinksOptions.Section))
            .Validate(o => o.MaxLifetime >= TimeSpan.FromSeconds(1), "Links:MaxLifetime must be at least one second.")
            .Validate(o => o.DefaultLifetime >= TimeSpan.FromSeconds(1) && o.DefaultLifetime <= o.MaxLifetime,
                "Links:DefaultLifetime must be at least one second and no longer than Links:MaxLifetime.")
            .ValidateOnStart();
        builder.Services.AddSingleton<LinkTokens>();
        builder.Services.AddSingleton<LinkDownloads>();
        builder.Services.AddHostedService<UsedLinkCleanup>();
        return builder;
    }
}
