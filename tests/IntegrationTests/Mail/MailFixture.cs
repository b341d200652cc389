using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;
using Npgsql;
using Platform.Host.LocalServices;
using Platform.IntegrationTests.Infrastructure;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Mail;

/// <summary>
/// A host that sends its mail through a real SMTP server of its own (<see cref="LocalSmtp"/>), retrying within moments,
/// with a clock the tests move ahead.
/// </summary>
public sealed class MailFixture : PlatformFixture
{
    public const string PublicUrl = "http://platform.test";

    private readonly int _port;

    public MailFixture() : this(FreePort.Pick(), new ShiftedClock())
    {
    }

    private MailFixture(int port, ShiftedClock clock) : base("mail", SettingsFor(port), services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
    }) => (_port, Clock) = (port, clock);

    public ShiftedClock Clock { get; }

    public LocalSmtp Smtp { get; private set; } = null!;

    /// <summary>The settings of this fixture's host, for another host of the same platform.</summary>
    public IReadOnlyDictionary<string, string?> Settings => SettingsFor(_port);

    public override async Task InitializeAsync()
    {
        Smtp = await LocalSmtp.StartAsync(_port);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>The messages the server took for <paramref name="recipient"/>, once there are <paramref name="count"/> of them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MailToAsync(string recipient, int count = 1) =>
        await Eventually.ReadAsync(async () => (await Smtp.ReceivedAsync()).Where(m => m.To.Mailboxes.Any(to => to.Address == recipient)).ToList(),
            mail => mail.Count >= count, $"{count} message(s) to {recipient} arrived");

    /// <summary>The attempts made so far of each message to <paramref name="recipient"/> still in the outbox.</summary>
    public async Task<IReadOnlyList<int>> QueuedAttemptsAsync(string recipient)
    {
        await using var command = Application.Service<NpgsqlDataSource>().CreateCommand("select attempts from platform.mail_outbox where recipient = $1");
        command.Parameters.AddWithValue(recipient);
        var attempts = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            attempts.Add(reader.GetInt32(0));
        return attempts;
    }

    private static Dictionary<string, string?> SettingsFor(int port) => new(LocalSmtp.HostSettings(port, PublicUrl))
    {
        ["Mail:PollInterval"] = "00:00:00.2",
        ["Mail:RetryDelay"] = "00:00:00.2",
        ["Mail:RetryMaxDelay"] = "00:00:00.5",
        ["Mail:Timeout"] = "00:00:05",
    };
}
