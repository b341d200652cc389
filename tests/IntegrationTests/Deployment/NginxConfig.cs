using System.Text.RegularExpressions;

namespace Platform.IntegrationTests.Deployment;

/// <summary>deploy/nginx.conf, read as far as the tests need: which location a path reaches and how large a body it lets through.</summary>
public sealed partial class NginxConfig
{
    private sealed record Location(string Modifier, string Pattern, string Body);

    private readonly IReadOnlyList<Location> _locations;
    private readonly string _server;

    private NginxConfig(string text)
    {
        Text = text;
        _locations = LocationBlock().Matches(text)
            .Select(m => new Location(m.Groups["modifier"].Value, m.Groups["pattern"].Value, m.Groups["body"].Value)).ToList();
        _server = LocationBlock().Replace(text, "");
    }

    public string Text { get; }

    public static NginxConfig Load() => new(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "nginx.conf")));

    /// <summary>What the location nginx picks for <paramref name="path"/> says: the first regex that matches, else the longest prefix.</summary>
    public string LocationFor(string path)
    {
        var regex = _locations.FirstOrDefault(l => l.Modifier.StartsWith('~')
            && Regex.IsMatch(path, l.Pattern, l.Modifier == "~*" ? RegexOptions.IgnoreCase : RegexOptions.None));
        var chosen = regex ?? _locations.Where(l => l.Modifier == "" && path.StartsWith(l.Pattern, StringComparison.Ordinal))
            .MaxBy(l => l.Pattern.Length);
        return chosen?.Body ?? "";
    }

    /// <summary>The largest body nginx passes on for <paramref name="path"/>: its location's client_max_body_size, else the server's.</summary>
    public long MaxBodyBytes(string path) =>
        BodySize(LocationFor(path)) ?? BodySize(_server) ?? 1024 * 1024;

    /// <summary>The files the configuration includes, as nginx finds them.</summary>
    public IReadOnlyList<string> Includes => Include().Matches(Text).Select(m => m.Groups["path"].Value).Distinct().ToList();

    private static long? BodySize(string block) => MaxBodySize().Match(block) is { Success: true } size
        ? long.Parse(size.Groups["number"].Value) * size.Groups["unit"].Value.ToLowerInvariant() switch { "k" => 1L << 10, "m" => 1L << 20, "g" => 1L << 30, _ => 1 }
        : null;

    [GeneratedRegex(@"^\s*location\s+(?:(?<modifier>~\*|~|=|\^~)\s+)?(?<pattern>\S+)\s*\{(?<body>[^{}]*)\}", RegexOptions.Multiline)]
    private static partial Regex LocationBlock();

    [GeneratedRegex(@"^\s*client_max_body_size\s+(?<number>\d+)(?<unit>[kKmMgG]?)\s*;", RegexOptions.Multiline)]
    private static partial Regex MaxBodySize();

    [GeneratedRegex(@"^\s*include\s+(?<path>\S+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Include();
}
