namespace Platform.Load;

/// <summary>Command line: <c>&lt;scenario&gt; [--jobs N] [--callers N] [--hosts N] [--clients N] [--rooms N] [--rate N] [--seconds N] [--turns N] [--sizes 64K,4M] [--json FILE] [--url URL]...</c></summary>
public sealed record LoadOptions
{
    public string Scenario { get; init; } = "all";
    public int? Jobs { get; init; }
    public int? Callers { get; init; }
    public int? Hosts { get; init; }
    public int? Clients { get; init; }

    /// <summary>Rooms the members of <c>chat</c> are spread over.</summary>
    public int? Rooms { get; init; }

    /// <summary>Ticks a second a fan-out offers each client (the first step of <c>fanout-saturation</c>).</summary>
    public int? Rate { get; init; }
    public int? Seconds { get; init; }

    /// <summary>Pairs of unmetered and metered runs <c>enqueue</c> and <c>drain</c> make, one after the other.</summary>
    public int? Turns { get; init; }

    /// <summary>File sizes <c>files</c> uploads and downloads, in bytes (<c>--sizes 64K,4M,64M</c>).</summary>
    public IReadOnlyList<long>? Sizes { get; init; }
    public string? Json { get; init; }

    /// <summary>Extra host settings (<c>--set Jobs:Workers=20</c>), to measure what a setting changes.</summary>
    public IReadOnlyDictionary<string, string> HostSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Print the statements that took PostgreSQL the most time in each scenario.</summary>
    public bool Profile { get; init; }

    /// <summary>Running hosts to target instead of starting our own; the first accepts submits.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    /// <summary>Reads the command line; a scenario not among <paramref name="scenarios"/> or a bad option is an <see cref="ArgumentException"/>.</summary>
    public static LoadOptions Parse(string[] args, IReadOnlyCollection<string> scenarios)
    {
        var options = new LoadOptions();
        var urls = new List<Uri>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.TryParse(Value(), out var n) && n > 0 ? n : throw new ArgumentException($"{args[i]} needs a positive number.");
            options = args[i] switch
            {
                "--jobs" => options with { Jobs = Number() },
                "--callers" => options with { Callers = Number() },
                "--hosts" => options with { Hosts = Number() },
                "--clients" => options with { Clients = Number() },
                "--rooms" => options with { Rooms = Number() },
                "--rate" => options with { Rate = Number() },
                "--seconds" => options with { Seconds = Number() },
                "--turns" => options with { Turns = Number() },
                "--sizes" => options with { Sizes = [.. Value().Split(',').Select(ByteCount)] },
                "--json" => options with { Json = Value() },
                "--url" => AddUrl(options, urls, Value()),
                "--profile" => options with { Profile = true },
                "--set" => WithSetting(options, Value()),
                var name when !name.StartsWith('-') && i == 0 => scenarios.Contains(name)
                    ? options with { Scenario = name }
                    : throw new ArgumentException($"Unknown scenario '{name}'."),
                var unknown => throw new ArgumentException($"Unknown argument '{unknown}'."),
            };
        }
        return options with { Urls = urls };
    }

    // 4096, 64K, 4M or 1G: bytes, KiB, MiB or GiB.
    private static long ByteCount(string text)
    {
        var unit = text.Length > 0 ? char.ToUpperInvariant(text[^1]) : ' ';
        var shift = unit switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
        var digits = shift == 0 ? text : text[..^1];
        return long.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 && n <= (1L << 40 >> shift)
            ? n << shift
            : throw new ArgumentException($"--sizes needs sizes such as 64K,4M,64M; got '{text}'.");
    }

    private static LoadOptions WithSetting(LoadOptions options, string assignment)
    {
        var parts = assignment.Split('=', 2);
        if (parts.Length != 2)
            throw new ArgumentException($"--set needs key=value, got '{assignment}'.");
        return options with { HostSettings = new Dictionary<string, string>(options.HostSettings) { [parts[0]] = parts[1] } };
    }

    private static LoadOptions AddUrl(LoadOptions options, List<Uri> urls, string value)
    {
        urls.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u.TrimEnd('/') + "/")));
        return options;
    }
}
