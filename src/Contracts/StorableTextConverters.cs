using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>
/// Thrown while reading JSON text that is not <see cref="StorableText"/>; <see cref="Inside"/> is where, below the value
/// being read (<c>prompt</c>, <c>steps[2]</c>, empty for the value itself). A dictionary's key is reported at the
/// dictionary, as <see cref="StorableText.FindIn"/> reports a property's name at its object: <see cref="Key"/> is the key.
/// </summary>
public sealed class UnstorableTextException(string inside, string? key = null) : JsonException(StorableText.Problem)
{
    public string Inside { get; } = inside;

    public string? Key { get; } = key;
}

/// <summary>Reads JSON strings, refusing text that is not storable.</summary>
public sealed class StorableTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text;
        try
        {
            text = reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            // System.Text.Json cannot read an escaped unpaired surrogate (or invalid UTF-8) as a string at all.
            throw new UnstorableTextException("");
        }
        return text is null || StorableText.Allows(text) ? text : throw new UnstorableTextException("");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // A dictionary's keys are text too (a worker's metrics by name).
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var key = reader.GetString()!;
        return StorableText.Allows(key) ? key : throw new UnstorableTextException("", key);
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}

/// <summary>Reads free-form JSON (a job's input, a worker's output), refusing it when any string or property name in it is not storable.</summary>
public sealed class StorableJsonConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        return StorableText.FindIn(element) is { } inside ? throw new UnstorableTextException(inside) : element;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
}

/// <summary>
/// Reads JSON strings as they were sent, for hub arguments: the hub's argument check refuses what is not storable by
/// the argument's name, which a failure while binding could not. A string the reader cannot decode at all is read as
/// an unpaired surrogate, which that check refuses as it would the original.
/// </summary>
public sealed class TextAsSentConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String)
        {
            return "\ud800";
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
