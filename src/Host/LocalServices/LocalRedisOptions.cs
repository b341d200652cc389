namespace Platform.Host.LocalServices;

public sealed class LocalRedisOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>The port for a server this starts; a free one when null. A running server keeps its own.</summary>
    public int? Port { get; init; }

    /// <summary>Stop the server and delete the directory when disposed.</summary>
    public bool Throwaway { get; init; }

    /// <summary>Stop the server when disposed, even one that was already running; otherwise it stays up for the next start to reuse.</summary>
    public bool StopOnDispose { get; init; }

    public ILogger? Logger { get; init; }
}
