using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Host;
using Platform.IntegrationTests.Infrastructure;
using Platform.Storage.Settings;

namespace Platform.IntegrationTests.Settings;

/// <summary>
/// The host's services as its own registration (<c>AddPlatform</c>) builds them, checked as its start checks them
/// before any service runs, without starting a server or reaching a database.
/// </summary>
public static class HostRegistration
{
    /// <summary>Registers the platform with <paramref name="settings"/> over the host's defaults and checks its settings as start does.</summary>
    public static void Check(IReadOnlyDictionary<string, string?> settings)
    {
        using var host = Build(settings);
        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>The sections the host binds to options classes.</summary>
    public static IReadOnlyList<SettingsSection> Sections()
    {
        using var host = Build(new Dictionary<string, string?>());
        return [.. host.Services.GetServices<SettingsSection>()];
    }

    private static WebApplication Build(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Never opened: registering the platform reads these without connecting.
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Accounts:SigningKey"] = PlatformApplication.TestSigningKey,
            ["Storage:Path"] = Path.Combine(Path.GetTempPath(), "platform-settings-objects"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPlatform();
        return builder.Build();
    }
}
