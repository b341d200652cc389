using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Platform.Contracts;

/// <summary>
/// The MessagePack settings of the jobs hub, for .NET clients and the hosts alike: SignalR's own resolvers (enums by
/// name, records by property name), and JSON values such as a job's output carried as their JSON text.
/// </summary>
public static class PlatformMessagePack
{
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(
            [new JsonElementFormatter()],
            [DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    // The contractless resolver would write a JsonElement's own properties (its ValueKind), not the value it holds.
    private sealed class JsonElementFormatter : IMessagePackFormatter<JsonElement>
    {
        public void Serialize(ref MessagePackWriter writer, JsonElement value, MessagePackSerializerOptions options)
        {
            if (value.ValueKind == JsonValueKind.Undefined)
                writer.WriteNil();
            else
                writer.Write(value.GetRawText());
        }

        public JsonElement Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (reader.TryReadNil())
                return default;
            using var document = JsonDocument.Parse(reader.ReadStringSequence() ?? default);
            return document.RootElement.Clone();
        }
    }
}
