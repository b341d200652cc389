using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Contracts.Hubs;
using Platform.Contracts.Jobs;
using Platform.Contracts.Notifications;
using Platform.Contracts.Rooms;

namespace Platform.UnitTests.Hubs;

/// <summary>Every argument of the jobs hub's methods and of its client callbacks comes through MessagePack as it went in.</summary>
public sealed class MessagePackWireTests
{
    private static readonly MessagePackHubProtocol Protocol = new(Options.Create(new MessagePackHubProtocolOptions
    {
        SerializerOptions = PlatformMessagePack.Options,
    }));

    private static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2));

    [Fact]
    public void A_stored_event_with_every_field_set_comes_through_whole()
    {
        var output = JsonDocument.Parse("""{"finalLoss":0.0123,"epochs":50,"weights":[1.5,-2,null],"note":"ünïcode \"quoted\"","nested":{"ok":true}}""").RootElement;
        var sent = new JobEvent(Guid.NewGuid(), 7, JobEventKind.Succeeded, JobStatus.Succeeded, At, Transient: false, Progress: 100,
            Message: "done", Metrics: new Dictionary<string, double> { ["loss"] = 0.5, ["epoch"] = 50 }, Level: JobLogLevel.Warning,
            Output: output, Artifacts: [new JobArtifact("model.json", "application/json", 1234)], Error: "none", Attempt: 2,
            Type: "training", RunAt: At.AddMinutes(5));

        var received = RoundTrip(nameof(IJobsClient.JobEvent), sent);

        received.Should().BeEquivalentTo(sent, options => options.Excluding(e => e.Output));
        received.Output!.Value.GetRawText().Should().Be(output.GetRawText());
        received.At.Offset.Should().Be(TimeSpan.FromHours(2));
        received.RunAt.Should().Be(sent.RunAt);
    }

    [Fact]
    public void A_stored_event_with_nothing_optional_set_comes_through_with_nothing_set()
    {
        var sent = new JobEvent(Guid.NewGuid(), 1, JobEventKind.Submitted, JobStatus.Queued, At);

        RoundTrip(nameof(IJobsClient.JobEvent), sent).Should().BeEquivalentTo(sent);
    }

    [Fact]
    public void A_live_tick_comes_through_whole()
    {
        var sent = new JobTick(Guid.NewGuid(), 3, 42.5, new Dictionary<string, double> { ["tick"] = 17, ["sentAt"] = 1_764_000_000_000.25 }, "step 17");

        RoundTrip(nameof(IJobsClient.JobTicked), sent).Should().BeEquivalentTo(sent);
    }

    [Fact]
    public void Notifications_presence_typing_and_a_left_room_come_through_whole()
    {
        var notification = new Notification(Guid.NewGuid(), NotificationKind.JobFailed, "Job failed", "training: boom", At, Read: false, Guid.NewGuid());
        var presence = new PresenceChange("user-1", "Ada", Online: true, At);
        var typing = new RoomTyping(Guid.NewGuid(), Guid.NewGuid(), "Ada ✓", At);
        var left = new RoomLeft(Guid.NewGuid(), RoomLeftReason.Private);

        RoundTrip(nameof(IJobsClient.Notification), notification).Should().Be(notification);
        RoundTrip(nameof(IJobsClient.PresenceChanged), presence).Should().Be(presence);
        RoundTrip(nameof(IJobsClient.RoomTyping), typing).Should().Be(typing);
        RoundTrip(nameof(IJobsClient.RoomLeft), left).Should().Be(left);
    }

    [Fact]
    public void Hub_method_arguments_and_answers_come_through_whole()
    {
        var jobId = Guid.NewGuid();
        var call = (InvocationMessage)Parse(new InvocationMessage("1", nameof(IJobsHub.SubscribeJob), [jobId, 12L]), typeof(Guid), typeof(long));
        call.Arguments.Should().Equal(jobId, 12L);

        OnlineUser[] online = [new("user-1", "Ada"), new("user-2", "Grace")];
        var answer = (CompletionMessage)Parse(CompletionMessage.WithResult("1", online), typeof(IReadOnlyList<OnlineUser>));
        answer.Result.Should().BeEquivalentTo(online);
    }

    [Fact]
    public void A_room_message_with_its_reactions_and_a_mention_naming_it_come_through_whole()
    {
        var message = new ChatMessage(Guid.NewGuid(), Guid.NewGuid(), 7, ChatMessageKind.User, Guid.NewGuid(), "Ada", "@[Grace](…) 👀", At,
            Reactions: [new MessageReaction("👍", 3, Mine: true), new MessageReaction(":shipit:", 1, Mine: null)]);
        var mention = new Notification(Guid.NewGuid(), NotificationKind.Mention, "Ada mentioned you in render farm", "@Grace 👀", At, Read: false,
            RoomId: message.RoomId, MessageId: message.Id);

        RoundTrip(nameof(IJobsClient.ChatMessageChanged), message).Should().BeEquivalentTo(message, o => o.WithStrictOrdering());
        RoundTrip(nameof(IJobsClient.Notification), mention).Should().Be(mention);
    }

    private static T RoundTrip<T>(string method, T argument) =>
        (T)((InvocationMessage)Parse(new InvocationMessage(method, [argument]), typeof(T))).Arguments[0]!;

    private static HubMessage Parse(HubMessage message, params Type[] types)
    {
        var bytes = new ReadOnlySequence<byte>(Protocol.GetMessageBytes(message));
        Protocol.TryParseMessage(ref bytes, new Binder(types), out var parsed).Should().BeTrue();
        return parsed!;
    }

    private sealed class Binder(Type[] types) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => types;

        public Type GetReturnType(string invocationId) => types[0];

        public Type GetStreamItemType(string streamId) => types[0];
    }
}
