using Platform.Storage.Settings;

namespace Platform.Host.Defaults;

/// <summary>
/// The <c>Management</c> section: where the host serves what only operators read (<c>/metrics</c>), on a listener of
/// its own apart from the public port. Empty <see cref="Urls"/> serves it nowhere.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// The management listener's addresses, separated by ';' as ASP.NET Core's <c>Urls</c> are, plain HTTP. Loopback by
    /// default: a host shows its metrics to the operator on its machine and to no one else.
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:9464";

    public IReadOnlyList<string> Addresses => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static void Rules(SettingsRules<ManagementOptions> rules) => rules
        .Check(o => o.Urls, _ => rules.Value.Addresses.All(IsAddress), "plain http:// addresses with a port and no path, separated by ';', or empty");

    // "+" and "*" stand for every address, as in Urls; a path would be ignored, so none is accepted.
    private static bool IsAddress(string url) =>
        Uri.TryCreate(url.Replace("://+", "://0.0.0.0").Replace("://*", "://0.0.0.0"), UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/" && !uri.IsDefaultPort;
}
