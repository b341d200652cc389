using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Storage.Credits;

namespace Platform.Jobs.Credits;

/// <summary>Sums the ledger again every <see cref="CreditsOptions.LedgerCheckInterval"/> and logs any balance it does not explain, as an error.</summary>
public sealed class LedgerWatch(LedgerReads ledger, CreditsOptions options, TimeProvider clock, ILogger<LedgerWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LedgerCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var (owners, differences) = await ledger.CheckAsync(ownerId: null, stoppingToken);
                foreach (var d in differences)
                    logger.LogError("The ledger of {OwnerId} does not add up: balance {Balance} held {Held}, entries {EntriesBalance} held {EntriesHeld}",
                        d.OwnerId, d.Balance, d.Held, d.EntriesBalance, d.EntriesHeld);
                if (differences.Count == 0)
                    logger.LogDebug("The ledgers of {Owners} owners add up", owners);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not check the ledger; trying again in {Interval}", options.LedgerCheckInterval);
            }
        }
    }
}
