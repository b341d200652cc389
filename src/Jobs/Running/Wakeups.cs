using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.Jobs.Running;

public static class Wakeups
{
    /// <summary>
    /// Calls <paramref name="wake"/> for every notification of the connection <paramref name="listen"/> opens, until stopped;
    /// when the connection fails it opens another after <paramref name="retryAfter"/>, the caller's polling covering the gap.
    /// </summary>
    public static Task ListenAsync(
        Func<Action, CancellationToken, Task<NpgsqlConnection>> listen, Action wake, TimeSpan retryAfter, TimeProvider clock, ILogger logger,
        string what, CancellationToken stoppingToken) =>
        ListenAsync(ct => listen(wake, ct), retryAfter, clock, logger, what, stoppingToken);

    /// <summary>Reads the notifications of the connection <paramref name="listen"/> opens (with what they wake), as above.</summary>
    public static async Task ListenAsync(
        Func<CancellationToken, Task<NpgsqlConnection>> listen, TimeSpan retryAfter, TimeProvider clock, ILogger logger, string what,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await listen(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogWarning("Listening for {What} failed ({Error}); polling until it works again", what, e.Message);
                await Task.Delay(retryAfter, clock, CancellationToken.None);
            }
        }
    }
}
