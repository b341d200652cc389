using Platform.Storage.Settings;

namespace Platform.Host.Defaults;

/// <summary>The <c>Limits</c> section: how much one request may send, and how many streams one user holds open on a host.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>A larger body is refused with 413 before it is read; files and artifacts have limits of their own.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Event streams and long-polls one user may hold open at once on a host.</summary>
    public int MaxStreamsPerUser { get; set; } = 10;

    public static void Rules(SettingsRules<LimitsOptions> rules) => rules
        .Positive(o => o.MaxRequestBodyBytes)
        .Positive(o => o.MaxStreamsPerUser);

    public static LimitsOptions Add(IHostApplicationBuilder builder) =>
        builder.Services.AddSettings<LimitsOptions>(builder.Configuration, Section, Rules);
}
