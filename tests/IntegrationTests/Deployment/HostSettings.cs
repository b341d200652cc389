using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Platform.IntegrationTests.Settings;
using Platform.Storage.Settings;

namespace Platform.IntegrationTests.Deployment;

/// <summary>The configuration keys the host reads, taken from its options classes where it binds one.</summary>
public static class HostSettings
{
    /// <summary>Sections the host binds to options classes: a key in one is read if it names a property of one, nested ones included.</summary>
    public static readonly IReadOnlyList<SettingsSection> BoundSections = HostRegistration.Sections();

    /// <summary>Keys the host reads one by one, each with the code that reads it (a test finds that code in src/).</summary>
    public static readonly IReadOnlyList<(string Key, string ReadBy)> SingleKeys =
    [
        ("ConnectionStrings:Postgres", "GetConnectionString(\"Postgres\")"),
        ("ConnectionStrings:Redis", "GetConnectionString(\"Redis\")"),
        ("Webhooks:Timeout", "GetValue<TimeSpan?>(\"Timeout\")"),
    ];

    /// <summary>Keys ASP.NET Core reads itself: where to listen, and whether to trust a proxy's X-Forwarded-* headers.</summary>
    public static readonly IReadOnlyList<string> FrameworkKeys = [WebHostDefaults.ServerUrlsKey, "ForwardedHeaders_Enabled"];

    /// <summary>Whether the host reads <paramref name="key"/>; a bound key must also hold a <paramref name="value"/> its property accepts.</summary>
    public static bool Reads(string key, string value)
    {
        if (FrameworkKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || SingleKeys.Any(k => string.Equals(k.Key, key, StringComparison.OrdinalIgnoreCase)))
            return true;
        return BoundSections.Any(bound => key.StartsWith($"{bound.Path}:", StringComparison.OrdinalIgnoreCase)
            && Binds(new ConfigurationBuilder().AddInMemoryCollection([new(key[(bound.Path.Length + 1)..], value)]).Build(), bound.Type));
    }

    private static bool Binds(IConfiguration section, Type optionsType)
    {
        try
        {
            section.Get(optionsType, binder => binder.ErrorOnUnknownConfiguration = true);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
