using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Platform.IntegrationTests.Deployment;

namespace Platform.IntegrationTests.Settings;

/// <summary>The README's settings tables and the options classes the host binds name the same settings.</summary>
public sealed partial class DocumentedSettingsTests
{
    private static readonly IReadOnlyList<string> Bound = HostRegistration.Sections()
        .SelectMany(section => KeysOf(section.Type, section.Path)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static readonly IReadOnlyList<string> Documented = DocumentedKeys(File.ReadAllLines(Path.Combine(Repository.Root, "README.md")));

    [Fact]
    public void Every_documented_setting_is_read_by_an_options_class()
    {
        Documented.Except(Bound, StringComparer.OrdinalIgnoreCase).Should().BeEmpty("every row of a settings table must name a setting the host binds");
    }

    [Fact]
    public void Every_setting_an_options_class_reads_is_documented()
    {
        Bound.Except(Documented, StringComparer.OrdinalIgnoreCase).Should().BeEmpty("every setting the host binds needs a row in a README settings table");
    }

    [Fact]
    public void The_tables_are_read_as_settings()
    {
        Documented.Should().Contain(["Jobs:Lease", "Jobs:RetryMaxDelay", "Accounts:PasswordHashing:Parallelism", "Jobs:Types:{}:Timeout", "Cors:Origins"]);
        Bound.Should().Contain(["Jobs:Reports:MaxOutputBytes", "RateLimits:Plans:{}:PermitsPerMinute", "Jobs:InputSchemas:MaxDepth"])
            .And.NotContain("Jobs:ReservedWorkersOrDefault", "a property without a setter reads no setting");
    }

    // A table whose header is "| setting | default | what |"; a row's first cell names keys in backticks, later ones
    // without a section relative to the first's parent (`Jobs:RetryDelay` / `RetryMaxDelay`). {plan} and the like are {}.
    private static List<string> DocumentedKeys(string[] lines)
    {
        var keys = new List<string>();
        var inTable = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("| setting | default | what |", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }
            var firstCell = line.Split('|')[1];
            if (!inTable || BacktickedKey().Matches(firstCell) is not [var first, ..] named)
                continue;
            var parent = first.Groups[1].Value[..first.Groups[1].Value.LastIndexOf(':')];
            keys.AddRange(named.Select(key => key.Groups[1].Value).Select(key => Placeholders(key.Contains(':') ? key : $"{parent}:{key}")));
        }
        return keys;
    }

    private static string Placeholders(string key) => Placeholder().Replace(key, "{}");

    private static IEnumerable<string> KeysOf(Type type, string path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = $"{path}:{property.Name}";
            var propertyType = property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                var entry = propertyType.GetGenericArguments()[1];
                foreach (var nested in IsSetting(entry) ? [$"{key}:{{}}"] : KeysOf(entry, $"{key}:{{}}"))
                    yield return nested;
            }
            else if (IsSetting(propertyType))
                yield return key;
            else
                foreach (var nested in KeysOf(propertyType, key))
                    yield return nested;
        }
    }

    // A value or a list of values, not a section of settings of its own.
    private static bool IsSetting(Type type) =>
        type.IsValueType || type == typeof(string) || typeof(IEnumerable).IsAssignableFrom(type);

    [GeneratedRegex("`([A-Za-z][A-Za-z0-9:{}]*)`")]
    private static partial Regex BacktickedKey();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();
}
