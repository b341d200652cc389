using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Platform.Storage.Settings;

/// <summary>
/// Settings whose text cannot become their property's type ('soon' for a time span), each told as its key, the text
/// and the form it must take, before binding would fail with less to say.
/// </summary>
public static class SettingsFormats
{
    public static IReadOnlyList<string> ProblemsOf(Type type, IConfigurationSection section, string path)
    {
        var problems = new List<string>();
        Collect(type, section, path, problems);
        return problems;
    }

    private static void Collect(Type type, IConfigurationSection section, string path, List<string> problems)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is { CanWrite: true })
                CollectValue(property.PropertyType, child, $"{path}:{child.Key}", problems);
        }
    }

    private static void CollectValue(Type type, IConfigurationSection section, string path, List<string> problems)
    {
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (FormOf(scalar) is { } form)
        {
            if (section.Value is { } text && !Converts(scalar, text))
                problems.Add($"{path} '{text}' must be {form}.");
        }
        else if (scalar.IsGenericType && scalar.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            foreach (var entry in section.GetChildren())
                CollectValue(scalar.GetGenericArguments()[1], entry, $"{path}:{entry.Key}", problems);
        }
        else if (ElementOf(scalar) is { } element)
        {
            foreach (var item in section.GetChildren())
                CollectValue(element, item, $"{path}:{item.Key}", problems);
        }
        else if (scalar.IsClass && scalar != typeof(string))
            Collect(scalar, section, path, problems);
    }

    private static string? FormOf(Type type) =>
        type == typeof(TimeSpan) ? "a time span, e.g. 00:00:30 or 1.00:00:00"
        : type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) ? "a number"
        : type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type))}"
        : null;

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0]
        : null;

    // The converters the configuration binder itself uses, so what passes here binds.
    private static bool Converts(Type type, string text)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            return !type.IsEnum || Enum.TryParse(type, text, ignoreCase: true, out _);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }
}
