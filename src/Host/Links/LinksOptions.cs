using Platform.Storage.Settings;

namespace Platform.Host.Links;

/// <summary>The <c>Links</c> section: how long download links work.</summary>
public sealed class LinksOptions
{
    public const string Section = "Links";

    /// <summary>A link's lifetime when its maker names none.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest lifetime a maker may ask for; a longer one is refused, not shortened.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(7);

    public static void Rules(SettingsRules<LinksOptions> rules) => rules
        .Check(o => o.MaxLifetime, most => most >= TimeSpan.FromSeconds(1), "at least 00:00:01")
        .Check(o => o.DefaultLifetime, lifetime => lifetime >= TimeSpan.FromSeconds(1) && lifetime <= rules.Value.MaxLifetime,
            "at least 00:00:01 and at most Links:MaxLifetime");
}

public static class LinksExtensions
{
    /// <summary>Download links: their settings, checked on start, their signing, and forgetting used once-only links after they expire.</summary>
    public static WebApplicationBuilder AddLinks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<LinksOptions>(builder.Configuration, LinksOptions.Section, LinksOptions.Rules);
        builder.Services.AddSingleton<LinkTokens>();
        builder.Services.AddSingleton<LinkDownloads>();
        builder.Services.AddHostedService<UsedLinkCleanup>();
        return builder;
    }
}
