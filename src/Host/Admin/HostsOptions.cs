using Platform.Storage.Settings;

namespace Platform.Host.Admin;

/// <summary>The <c>Hosts</c> section: how often each host says it is alive, and when one that stopped saying so is shown gone and then forgotten.</summary>
public sealed class HostsOptions
{
    public const string Section = "Hosts";

    public TimeSpan BeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Silent for longer than this, a host is shown gone; at least two beats, so one slow beat is not a death.</summary>
    public TimeSpan GoneAfter { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RemoveAfter { get; set; } = TimeSpan.FromHours(1);

    public static void Rules(SettingsRules<HostsOptions> rules) => rules
        .Positive(o => o.BeatInterval)
        .Check(o => o.GoneAfter, gone => gone >= 2 * rules.Value.BeatInterval, "at least two Hosts:BeatInterval")
        .MoreThan(o => o.RemoveAfter, o => o.GoneAfter);
}

public static class HostsExtensions
{
    /// <summary>This host's beat, so every host's admins see the cluster's hosts.</summary>
    public static WebApplicationBuilder AddHostBeats(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<HostsOptions>(builder.Configuration, HostsOptions.Section, HostsOptions.Rules);
        builder.Services.AddHostedService<HostBeats>();
        return builder;
    }
}
