namespace Platform.Host.Admin;

/// <summary>The <c>Hosts</c> section: how often each host says it is alive, and when one that stopped saying so is shown gone and then forgotten.</summary>
public sealed class HostsOptions
{
    public const string Section = "Hosts";

    public TimeSpan BeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Silent for longer than this, a host is shown gone; at least two beats, so one slow beat is not a death.</summary>
    public TimeSpan GoneAfter { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RemoveAfter { get; set; } = TimeSpan.FromHours(1);
}

public static class HostsExtensions
{
    /// <summary>This host's beat, so every host's admins see the cluster's hosts.</summary>
    public static WebApplicationBuilder AddHostBeats(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HostsOptions>()
            .Bind(builder.Configuration.GetSection(HostsOptions.Section))
            .Validate(o => o.BeatInterval > TimeSpan.Zero && o.GoneAfter >= 2 * o.BeatInterval && o.RemoveAfter > o.GoneAfter,
                "Hosts: BeatInterval must be positive, GoneAfter at least two beats, RemoveAfter longer than GoneAfter")
            .ValidateOnStart();
        builder.Services.AddHostedService<HostBeats>();
        return builder;
    }
}
