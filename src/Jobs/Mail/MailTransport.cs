using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using Platform.Storage.Mail;

namespace Platform.Jobs.Mail;

/// <summary>
/// One round's way out for mail: a connection to the SMTP server, opened for the first message and kept for the next
/// ones, or the log when no server is configured. A failed send closes the connection, so the next one starts afresh.
/// </summary>
public sealed class MailTransport(MailOptions options, ILogger logger) : IAsyncDisposable
{
    private SmtpClient? _client;

    /// <summary>Returns once the server has taken <paramref name="mail"/>, or throws why it did not.</summary>
    public async Task SendAsync(OutgoingMail mail, CancellationToken ct)
    {
        if (!options.Configured)
        {
            logger.LogWarning("Mail is not configured (Mail:Host), so this message was not sent. To: {Recipient}; subject: {Subject}\n{Body}",
                mail.To, mail.Subject, mail.Body);
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        try
        {
            _client ??= await ConnectAsync(timeout.Token);
            await _client.SendAsync(Compose(mail), timeout.Token);
        }
        catch
        {
            await CloseAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private MimeMessage Compose(OutgoingMail mail)
    {
        var message = new MimeMessage { Subject = mail.Subject, Body = new TextPart("plain") { Text = mail.Body } };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        return message;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host!, options.Port, SocketOptionsOf(options.Security), ct);
            if (!string.IsNullOrEmpty(options.UserName))
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task CloseAsync()
    {
        if (_client is not { } client)
            return;
        _client = null;
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync(quit: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The messages are the server's already; a goodbye it does not answer changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static SecureSocketOptions SocketOptionsOf(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
