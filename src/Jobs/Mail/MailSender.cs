using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Jobs.Running;
using Platform.Storage.Mail;

namespace Platform.Jobs.Mail;

/// <summary>
/// A host's share of the mail: claims due messages from the outbox one at a time, each held locked while the server
/// takes it, over one connection per round. A message the server does not take waits <see cref="MailOptions.RetryDelay"/>,
/// doubling up to <see cref="MailOptions.RetryMaxDelay"/>, so an unreachable server delays mail and loses none. It wakes
/// when any host queues mail (PostgreSQL NOTIFY) and every <see cref="MailOptions.PollInterval"/> for retries that came due.
/// </summary>
public sealed class MailSender(MailOutbox outbox, MailOptions options, TimeProvider clock, ILogger<MailSender> logger) : BackgroundService
{
    private const int MessagesPerRound = 20;

    private readonly ClaimLoop _loop = new("mail", outbox.ListenAsync, options.PollInterval, clock, logger);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Configured)
            logger.LogWarning("Mail is not configured (Mail:Host): no mail is sent, and each message, with its links, is written to this log instead");
        return _loop.RunAsync(SendRoundAsync, stoppingToken);
    }

    private async Task<bool> SendRoundAsync(CancellationToken stoppingToken)
    {
        await using var transport = new MailTransport(options, logger);
        for (var sent = 0; sent < MessagesPerRound; sent++)
        {
            // A failure ends the round: the server is likely down for the next message too.
            if (await outbox.SendNextAsync(queued => SendAsync(transport, queued, stoppingToken), RetryAfter, stoppingToken) != MailAttempt.Sent)
                return false;
        }
        return true;
    }

    private async Task SendAsync(MailTransport transport, QueuedMail queued, CancellationToken stoppingToken)
    {
        try
        {
            await transport.SendAsync(queued.Mail, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Mail {MailId} to {Recipient} was not sent, attempt {Attempt} ({Error}); it is tried again later",
                queued.Id, queued.Mail.To, queued.Attempts + 1, e.Message);
            throw;
        }
    }

    private TimeSpan RetryAfter(int attempts) => Backoff.For(attempts, options.RetryDelay, options.RetryMaxDelay);
}
