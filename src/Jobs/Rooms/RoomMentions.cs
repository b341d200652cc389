using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;
using Platform.Jobs.Notifications;
using Platform.Storage.Notifications;
using Platform.Storage.Rooms;

namespace Platform.Jobs.Rooms;

/// <summary>
/// A message mentions a user as clients write it, <c>@[display name](user id)</c>: the id decides who is told, the name is
/// what plain text shows. Members of the room it names, except its author, get a <see cref="NotificationKind.Mention"/>
/// if their preferences allow, stored and pushed like any notification. Its id comes from the message and the member,
/// so a member is told of a message once: an edit tells only those it names for the first time.
/// </summary>
public sealed partial class RoomMentions(RoomStore rooms, IDocumentStore documents, INotificationPreferences preferences, INotificationPusher pusher,
    IOptions<RoomsOptions> options, ILogger<RoomMentions> logger)
{
    private const int ExcerptLength = 200;

    /// <summary>The users <paramref name="text"/> mentions, each once, in the order first named.</summary>
    public static IReadOnlyList<Guid> In(string text) =>
        Mention().Matches(text).Select(m => Guid.Parse(m.Groups["id"].ValueSpan)).Distinct().ToList();

    /// <summary>What is wrong with a message's mentions: it names more users than Rooms:MaxMentionsPerMessage.</summary>
    public string? Problem(string text) =>
        In(text).Count > options.Value.MaxMentionsPerMessage
            ? $"mentions at most {options.Value.MaxMentionsPerMessage} people (Rooms:{nameof(RoomsOptions.MaxMentionsPerMessage)})."
            : null;

    /// <summary>Tells the members a stored message mentions; a failure is logged, as the message itself is stored and delivered.</summary>
    public async Task NotifyAsync(ChatMessage message, string roomName)
    {
        if (message.Kind != ChatMessageKind.User)
            return;
        var named = In(message.Text).Where(id => id != message.AuthorId).ToList();
        if (named.Count == 0)
            return;
        // Once the message is stored the mention is owed, even to a caller who has gone away meanwhile.
        var ct = CancellationToken.None;
        try
        {
            var told = new List<NotificationRecord>();
            foreach (var member in await rooms.MembersAmongAsync(message.RoomId, named, ct))
                if (await preferences.OfAsync(member, ct) is { Mentions: true })
                    told.Add(new NotificationRecord
                    {
                        Id = IdOf(message.Id, member),
                        OwnerId = member.ToString(),
                        Kind = NotificationKind.Mention,
                        Title = $"{message.AuthorName} mentioned you in {roomName}",
                        Message = Excerpt(message.Text),
                        RoomId = message.RoomId,
                        MessageId = message.Id,
                        CreatedAt = message.EditedAt ?? message.SentAt,
                    });
            if (told.Count == 0)
                return;
            await using (var session = documents.LightweightSession())
            {
                var before = (await session.LoadManyAsync<NotificationRecord>(ct, told.Select(n => n.Id))).Select(n => n.Id).ToHashSet();
                told.RemoveAll(n => before.Contains(n.Id));
                if (told.Count == 0)
                    return;
                session.Insert<NotificationRecord>(told);
                await session.SaveChangesAsync(ct);
            }
            foreach (var notification in told)
                await pusher.PushAsync(notification);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Message {MessageId} of room {RoomId} was stored, but the members it mentions were not notified", message.Id, message.RoomId);
        }
    }

    // Plain text for a notification: each mention as @name, cut at a length a toast shows.
    private static string Excerpt(string text)
    {
        var plain = Mention().Replace(text, m => "@" + m.Groups["name"].Value);
        if (plain.Length <= ExcerptLength)
            return plain;
        var cut = char.IsHighSurrogate(plain[ExcerptLength - 2]) ? ExcerptLength - 2 : ExcerptLength - 1;
        return plain[..cut] + "…";
    }

    private static Guid IdOf(Guid messageId, Guid userId)
    {
        Span<byte> input = stackalloc byte[32];
        messageId.TryWriteBytes(input);
        userId.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }

    [GeneratedRegex(@"@\[(?<name>[^\[\]\r\n]{1,100})\]\((?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)")]
    private static partial Regex Mention();
}
