using Platform.Storage.Settings;

namespace Platform.Host.Defaults;

/// <summary>The <c>Platform</c> section: where a host keeps what it makes for itself (local servers, a generated signing key).</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>The data folder, relative to the working folder unless absolute.</summary>
    public string DataPath { get; set; } = ".data";

    public string FullDataPath => Path.GetFullPath(DataPath);

    public static void Rules(SettingsRules<PlatformOptions> rules) => rules.NotEmpty(o => o.DataPath);

    /// <summary>The <c>Platform</c> section, registered with the host's other settings and checked as they are.</summary>
    public static PlatformOptions Add(IHostApplicationBuilder builder) =>
        builder.Services.AddSettings<PlatformOptions>(builder.Configuration, Section, Rules);
}
