using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Platform.Contracts.Jobs;

namespace Platform.Jobs;

/// <summary>
/// SHA-256 of a submit in canonical form, so a repeated request matches whatever its whitespace or property order:
/// the input's object properties are sorted, times are written in UTC, and left-out fields stay distinct from defaults.
/// </summary>
public static class RequestHash
{
    public static string Of(SubmitJobRequest request) => Hash(writer => Write(writer, request));

    public static string Of(IReadOnlyList<SubmitJobRequest> batch) => Hash(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("batch");
        foreach (var request in batch)
            Write(writer, request);
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static string Hash(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void Write(Utf8JsonWriter writer, SubmitJobRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("type", request.Type);
        writer.WritePropertyName("input");
        if (request.Input is { } input)
            WriteCanonical(writer, input);
        else
            writer.WriteNullValue();
        WriteNumber(writer, "priority", request.Priority);
        writer.WriteString("runAt", request.RunAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        WriteNumber(writer, "maxAttempts", request.MaxAttempts);
        WriteNumber(writer, "timeoutSeconds", request.TimeoutSeconds);
        // Written only when given, so requests from before webhooks and rooms existed keep their hashes.
        if (request.Webhook is { } webhook)
        {
            writer.WriteStartObject("webhook");
            writer.WriteString("url", webhook.Url);
            writer.WritePropertyName("events");
            JsonSerializer.Serialize(writer, webhook.Events);
            writer.WriteEndObject();
        }
        if (request.Room is { } room)
        {
            writer.WriteStartObject("room");
            writer.WriteString("id", room.Id);
            WriteNumber(writer, "progressEvery", room.ProgressEvery);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
            writer.WriteNumber(name, number);
        else
            writer.WriteNull(name);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
