using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Storage.Credits;
using Platform.Storage.Settings;

namespace Platform.Jobs.Credits;

internal static class CreditsExtensions
{
    /// <summary>Credits: their settings, the balances and the ledger, the checks a submit makes, and the watches that run beside.</summary>
    public static IServiceCollection AddCredits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<CreditsOptions>(configuration, CreditsOptions.Section, CreditsOptions.Rules);
        services.AddSingleton<CreditAccounts>();
        services.AddSingleton<Allowances>();
        services.AddSingleton<LedgerReads>();
        services.AddSingleton<CreditGate>();
        services.AddSingleton<SharedHoldCommits>();
        services.AddSingleton<CreditCommands>();
        services.AddSingleton<UsageReports>();
        services.AddSingleton<ILowBalanceListener, LowBalanceWebhook>();
        services.AddHostedService<LowBalanceWatch>();
        services.AddHostedService<LedgerWatch>();
        return services;
    }
}
