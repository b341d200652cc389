using YamlDotNet.RepresentationModel;

namespace Platform.IntegrationTests.Deployment;

/// <summary>compose.yaml at the repository root, read as YAML (aliases resolved), with the parts the tests look at.</summary>
public sealed class ComposeFile
{
    private readonly YamlMappingNode _root;

    private ComposeFile(YamlMappingNode root) => _root = root;

    public static ComposeFile Load()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "compose.yaml")));
        yaml.Load(reader);
        return new ComposeFile((YamlMappingNode)yaml.Documents.Single().RootNode);
    }

    public YamlMappingNode Services => Mapping(_root, "services")!;

    public YamlMappingNode Service(string name) => Mapping(Services, name) ?? throw new InvalidOperationException($"compose.yaml has no service '{name}'.");

    public IReadOnlyList<string> ServiceNames => Services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();

    /// <summary>The services built from the repository's Dockerfile: the Platform hosts.</summary>
    public IReadOnlyList<string> Hosts => ServiceNames.Where(name => Mapping(Service(name), "build") is not null).ToList();

    public IReadOnlyList<string> Volumes => Mapping(_root, "volumes")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList() ?? [];

    /// <summary>A service's environment, whether written as a mapping or as a list of NAME=value.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service) => Service(service).Children.TryGetValue("environment", out var node)
        ? node switch
        {
            YamlMappingNode mapping => mapping.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? ""),
            YamlSequenceNode list => list.Children.Select(e => ((YamlScalarNode)e).Value!.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            _ => throw new InvalidOperationException($"The environment of '{service}' is neither a mapping nor a list."),
        }
        : new Dictionary<string, string>();

    public IReadOnlyList<string> Strings(string service, string key) => Service(service).Children.TryGetValue(key, out var node) && node is YamlSequenceNode list
        ? list.Children.Select(e => ((YamlScalarNode)e).Value!).ToList()
        : [];

    /// <summary>What a service waits for and on what condition (the short list form means it only waits for the start).</summary>
    public IReadOnlyDictionary<string, string> DependsOn(string service) => Service(service).Children.TryGetValue("depends_on", out var node)
        ? node switch
        {
            YamlMappingNode mapping => mapping.Children.ToDictionary(
                e => ((YamlScalarNode)e.Key).Value!,
                e => Scalar((YamlMappingNode)e.Value, "condition") ?? "service_started"),
            YamlSequenceNode list => list.Children.ToDictionary(e => ((YamlScalarNode)e).Value!, _ => "service_started"),
            _ => throw new InvalidOperationException($"The depends_on of '{service}' is neither a mapping nor a list."),
        }
        : new Dictionary<string, string>();

    /// <summary>The health check's command as one line, or null when the service has none.</summary>
    public string? HealthCheck(string service) => Mapping(Service(service), "healthcheck") is { } check && check.Children.TryGetValue("test", out var test)
        ? test switch
        {
            YamlSequenceNode parts => string.Join(' ', parts.Children.Select(p => ((YamlScalarNode)p).Value)),
            YamlScalarNode line => line.Value,
            _ => null,
        }
        : null;

    public static YamlMappingNode? Mapping(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(key, out var node) ? node as YamlMappingNode : null;

    public static string? Scalar(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(key, out var node) ? (node as YamlScalarNode)?.Value : null;
}

public static class Repository
{
    /// <summary>The folder that holds Platform.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
                return folder.FullName;
        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
