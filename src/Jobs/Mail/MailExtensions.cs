using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Storage.Settings;

namespace Platform.Jobs.Mail;

public static class MailExtensions
{
    /// <summary>
    /// Outgoing mail: its settings, checked on start, and a sender on this host that sends what any host queued in the
    /// outbox (<see cref="Storage.Mail.MailOutbox"/>), or writes it to the log when no mail server is configured.
    /// </summary>
    public static IHostApplicationBuilder AddMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettings<MailOptions>(builder.Configuration, MailOptions.Section, MailOptions.Rules);
        builder.Services.AddHostedService<MailSender>();
        return builder;
    }
}
