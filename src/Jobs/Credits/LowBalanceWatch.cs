using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Storage.Credits;

namespace Platform.Jobs.Credits;

/// <summary>
/// Tells owners whose available credits fell below the threshold they set: once, whichever host sees it first, until a
/// grant lifts them above it again. It looks every <see cref="CreditsOptions.LowBalanceCheckInterval"/> rather than at each
/// charge, so the hot path pays nothing for it.
/// </summary>
public sealed class LowBalanceWatch(CreditAccounts accounts, IEnumerable<ILowBalanceListener> listeners, CreditsOptions options, TimeProvider clock,
    ILogger<LowBalanceWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Metering)
            return;
        using var timer = new PeriodicTimer(options.LowBalanceCheckInterval, clock);
        do
        {
            try
            {
                foreach (var account in await accounts.NewlyLowAsync(stoppingToken))
                    foreach (var listener in listeners)
                        await listener.BalanceLowAsync(account, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not look for low balances; trying again in {Interval}", options.LowBalanceCheckInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Who hears that an owner's balance fell below their threshold: their notifications, their webhook.</summary>
public interface ILowBalanceListener
{
    Task BalanceLowAsync(CreditAccount account, CancellationToken ct);
}
