namespace Platform.Host.LocalServices;

public sealed class LocalPostgresOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>The port for a server this starts; a free one when null. A running server keeps its own.</summary>
    public int? Port { get; init; }

    /// <summary>Stop the server and delete the data directory when disposed.</summary>
    public bool Throwaway { get; init; }

    /// <summary>Stop the server when disposed, even one that was already running; otherwise it stays up for the next start to reuse.</summary>
    public bool StopOnDispose { get; init; }

    /// <summary>More <c>-c name=value</c> server settings, e.g. to load pg_stat_statements for profiling.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    public ILogger? Logger { get; init; }
}
