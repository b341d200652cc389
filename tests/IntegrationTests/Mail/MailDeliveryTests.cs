using System.Text.RegularExpressions;
using Npgsql;
using Platform.Contracts.Organizations;
using Platform.IntegrationTests.Infrastructure;
using Platform.Storage.Mail;

namespace Platform.IntegrationTests.Mail;

/// <summary>The outbox against a real SMTP server: mail commits with its cause, survives the server being down, and is sent once.</summary>
public sealed partial class MailDeliveryTests(MailFixture mail) : IClassFixture<MailFixture>
{
    private PlatformApplication App => mail.Application;

    [Fact]
    public async Task Mail_queued_in_a_transaction_that_rolls_back_is_never_sent()
    {
        var (rolledBack, committed) = (Recipient(), Recipient());
        await using var connection = await App.Service<NpgsqlDataSource>().OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await MailOutbox.EnqueueAsync(connection, transaction, new OutgoingMail(rolledBack, "Never", "Rolled back."), default);
            await transaction.RollbackAsync();
        }

        await App.Service<MailOutbox>().EnqueueAsync(new OutgoingMail(committed, "Hello", "Committed."), default);

        (await mail.MailToAsync(committed)).Single().TextBody?.Trim().Should().Be("Committed.");
        (await mail.Smtp.ReceivedAsync()).Should().NotContain(m => m.To.Mailboxes.Any(to => to.Address == rolledBack));
    }

    [Fact]
    public async Task Mail_waits_while_the_server_is_down_and_arrives_once_when_it_is_back()
    {
        var recipient = Recipient();
        await mail.Smtp.StopAsync();
        try
        {
            await App.Service<MailOutbox>().EnqueueAsync(new OutgoingMail(recipient, "Patience", "Sent when the server is back."), default);

            await Eventually.ReadAsync(() => mail.QueuedAttemptsAsync(recipient), attempts => attempts is [>= 2],
                "the message was tried twice and kept");
        }
        finally
        {
            await mail.Smtp.StartAgainAsync();
        }

        (await mail.MailToAsync(recipient)).Should().ContainSingle();
        await Eventually.ReadAsync(() => mail.QueuedAttemptsAsync(recipient), attempts => attempts.Count == 0, "the sent message left the outbox");
        (await mail.MailToAsync(recipient)).Should().ContainSingle("a message leaves the outbox as it is sent, so it is sent once");
    }

    [Fact]
    public async Task An_invitation_queued_while_the_server_is_down_arrives_when_it_is_back_and_its_link_joins_the_organization()
    {
        var owner = await App.CreateUserAsync();
        var invited = await App.CreateUserAsync();
        var organization = await owner.Client.CreateOrganizationAsync("night shift");
        await mail.Smtp.StopAsync();
        try
        {
            await owner.Client.InviteToOrganizationAsync(organization.Id, invited.Email, OrganizationRole.Member);
            await Eventually.ReadAsync(() => mail.QueuedAttemptsAsync(invited.Email), attempts => attempts is [>= 1], "the invitation waits in the outbox");
        }
        finally
        {
            await mail.Smtp.StartAgainAsync();
        }

        var message = (await mail.MailToAsync(invited.Email)).Single();
        var link = InvitationLink().Match(message.TextBody!);
        link.Success.Should().BeTrue($"the mail carries the accept link: {message.TextBody}");
        link.Groups[1].Value.Should().StartWith(MailFixture.PublicUrl);
        message.Subject.Should().Contain("night shift");
        (await invited.Client.AcceptOrganizationInvitationAsync(Uri.UnescapeDataString(link.Groups[2].Value))).Role.Should().Be(OrganizationRole.Member);
        (await owner.Client.ListOrganizationMembersAsync(organization.Id)).Select(m => m.UserId).Should().Contain(invited.Id);
    }

    [Fact]
    public async Task Two_hosts_send_a_burst_of_mail_each_message_once()
    {
        await using var sibling = App.StartSibling(mail.Settings);
        var recipients = Enumerable.Range(0, 40).Select(_ => Recipient()).ToList();
        await using (var connection = await App.Service<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var recipient in recipients)
                await MailOutbox.EnqueueAsync(connection, transaction, new OutgoingMail(recipient, "Burst", "One of many."), default);
            await transaction.CommitAsync();
        }

        var received = await Eventually.ReadAsync(mail.Smtp.ReceivedAsync,
            all => recipients.All(r => all.Any(m => m.To.Mailboxes.Any(to => to.Address == r))), "every message of the burst arrived");
        await Eventually.ReadAsync(async () => (await Task.WhenAll(recipients.Select(mail.QueuedAttemptsAsync))).Sum(a => a.Count), left => left == 0,
            "the outbox is empty");

        received = await mail.Smtp.ReceivedAsync();
        foreach (var recipient in recipients)
            received.Count(m => m.To.Mailboxes.Any(to => to.Address == recipient)).Should().Be(1, $"{recipient} was sent one message");
    }

    private static string Recipient() => $"mail-{Guid.NewGuid():N}@test.example";

    [GeneratedRegex(@"(\S+)/#/invitations/accept\?token=(\S+)")]
    private static partial Regex InvitationLink();
}
