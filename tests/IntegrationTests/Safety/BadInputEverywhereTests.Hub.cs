using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts;
using Platform.Contracts.Hubs;
using Platform.Contracts.Rooms;
using Platform.Hubs;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Safety;

public sealed partial class BadInputEverywhereTests
{
    private sealed record HubCall(string Method, object?[] Arguments, string Argument, string What, bool MustName);

    [Fact]
    public async Task Bad_text_in_any_hub_argument_is_a_HubException_naming_it_over_JSON_and_MessagePack_and_the_connection_stays_usable()
    {
        var apiKey = await platform.Application.CreateApiKeyAsync();
        var room = await platform.Application.ClientWithKey(apiKey).CreateRoomAsync(new CreateRoomRequest("hub walk"));
        var calls = HubCalls(room.Id).ToList();
        calls.Select(c => c.Method).Distinct().Should().Contain(nameof(JobsHub.PostToRoom));

        // Three connections a protocol, within the pace each connection is allowed.
        var walks = new[] { false, true }.SelectMany(messagePack => Enumerable.Range(0, 3).Select(part =>
            WalkHubAsync(apiKey, messagePack, calls.Where((call, i) => i % 3 == part && !(messagePack && call.Arguments.OfType<string>().Any(BadText.NeedsJson))))));
        var failures = (await Task.WhenAll(walks)).SelectMany(f => f).ToList();

        failures.Should().BeEmpty();
    }

    // Every hub method with a string parameter, each such parameter with each bad value, the others sensible. A parameter
    // of a type the walk cannot fill fails it, so a new method's arguments are never sent as nothing unnoticed.
    private static IEnumerable<HubCall> HubCalls(Guid roomId)
    {
        (string What, string Value, bool MustName)[] values =
        [
            .. BadText.Unstorable.Select(u => (u.What, u.Value, true)),
            .. BadText.Controls.Select(c => (c.What, c.Value, false)),
            ("nothing", "", false),
            ("5,000 characters", new string('a', 5000), false),
        ];
        foreach (var method in HubMethods.All)
        {
            var parameters = method.GetParameters();
            object Sensible(ParameterInfo p) => p.ParameterType == typeof(string) ? (p.Name == "text" ? "hello" : "walk")
                : p.ParameterType == typeof(Guid) ? (p.Name == "roomId" ? roomId : Guid.NewGuid())
                : p.ParameterType == typeof(long) ? 0L
                : throw new InvalidOperationException($"{method.Name}({p.ParameterType.Name} {p.Name}): the hub walk has no sensible value for it; add one.");
            var sensible = parameters.Select(Sensible).ToArray();
            foreach (var bad in parameters.Where(p => p.ParameterType == typeof(string)))
                foreach (var (what, value, mustName) in values)
                    yield return new(method.Name, parameters.Select((p, i) => p == bad ? value : sensible[i]).ToArray(), bad.Name!, what, mustName);
        }
    }

    private async Task<IReadOnlyList<string>> WalkHubAsync(string apiKey, bool messagePack, IEnumerable<HubCall> calls)
    {
        await using var hub = await OpenHubAsync(apiKey, messagePack);
        var protocol = messagePack ? "MessagePack" : "JSON";
        var failures = new List<string>();
        foreach (var call in calls)
        {
            var said = await SayAsync(hub, call);
            var reason = Reason(said);
            if ((said is not null && reason is null) || (call.MustName && reason?.StartsWith($"{call.Argument} ", StringComparison.Ordinal) != true))
                failures.Add($"{call.Method} over {protocol} with {call.What} in {call.Argument}: {said ?? "accepted"}");
        }
        (await hub.InvokeAsync<IReadOnlyList<OnlineUser>>(nameof(JobsHub.GetOnlineUsers))).Should().NotBeEmpty($"the {protocol} connection is still usable");
        return failures;
    }

    // What the hub said refusing the call; null when it took it.
    private static async Task<string?> SayAsync(HubConnection hub, HubCall call)
    {
        try
        {
            await hub.InvokeCoreAsync(call.Method, typeof(object), call.Arguments);
            return null;
        }
        catch (HubException refused)
        {
            return refused.Message;
        }
    }

    // SignalR tells a refusal (a HubException) from a failure by passing on the refusal's reason after its type's name.
    internal static string? Reason(string? said) =>
        said?.IndexOf("HubException: ", StringComparison.Ordinal) is { } at and >= 0 ? said[(at + "HubException: ".Length)..] : null;

    private sealed class TextAsEscapedAscii : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteRawValue(BadText.Json(value), skipInputValidation: true);
    }
}
