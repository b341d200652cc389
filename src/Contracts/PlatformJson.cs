using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Contracts;

/// <summary>The JSON settings of every wire message: camelCase names, enums as camelCase strings, nesting at most 32 deep, only storable text.</summary>
public static class PlatformJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options) => Configure(options, new StorableTextConverter());

    /// <summary>The same settings for hub arguments, whose text the hub checks itself so that it can name the argument.</summary>
    public static JsonSerializerOptions ConfigureForHubArguments(JsonSerializerOptions options) => Configure(options, new TextAsSentConverter());

    private static JsonSerializerOptions Configure(JsonSerializerOptions options, JsonConverter<string> text)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(text);
        options.Converters.Add(new StorableJsonConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // No honest job input nests this deep; a deeper body is refused before it costs stack and memory.
        options.MaxDepth = 32;
        return options;
    }
}
