using MimeKit;
using Platform.Storage.Settings;

namespace Platform.Jobs.Mail;

/// <summary>How the TLS of a connection to the mail server begins.</summary>
public enum MailSecurity
{
    /// <summary>Plain text throughout.</summary>
    None,
    /// <summary>Plain text, then STARTTLS, required.</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
    /// <summary>TLS from the first byte on port 465, else STARTTLS when the server offers it.</summary>
    Auto,
}

/// <summary>The <c>Mail</c> section: the SMTP server mail goes through. Without <see cref="Host"/> no mail is sent: each message is written to the log.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The SMTP server's name or address; unset, messages go to the log instead.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public MailSecurity Security { get; set; } = MailSecurity.Auto;

    /// <summary>Signs in to the server when given, with <see cref="Password"/>.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender every message names, e.g. <c>Platform &lt;platform@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Platform <platform@localhost>";

    /// <summary>The dashboard's address as people open it, which links in mail start with; unset, the address a request came to.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long the server has to take one message, connecting included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle host looks for messages whose retry came due, besides being woken when one is queued.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after a message's first failed attempt; it doubles with each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public static void Rules(SettingsRules<MailOptions> rules) => rules
        .Between(o => o.Port, 1, 65535)
        .Check(o => o.From, from => MailboxAddress.TryParse(from, out _), "one address, e.g. Platform <platform@example.com>")
        .Check(o => o.PublicUrl, url => url is null || IsPublicUrl(url), "an absolute http(s) address, e.g. https://platform.example.com")
        .Check(o => o.PublicUrl, url => url is not null || !rules.Value.Configured, "given when Mail:Host is, so links in mail do not name whatever address a request came to")
        .Check(o => o.Password, password => password is null || rules.Value.UserName is not null, "given only with Mail:UserName", secret: true)
        .Positive(o => o.Timeout)
        .Positive(o => o.PollInterval)
        .Positive(o => o.RetryDelay)
        .AtLeast(o => o.RetryMaxDelay, o => o.RetryDelay);

    private static bool IsPublicUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0 && uri.Fragment.Length == 0;
}
