namespace Platform.Jobs.Handlers;

/// <summary>The job types this host knows, by name.</summary>
public sealed class JobHandlers(IEnumerable<IJobHandler> handlers)
{
    private readonly Dictionary<string, IJobHandler> _byType = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Types => _byType.Keys;

    public IReadOnlyCollection<IJobHandler> All => _byType.Values;

    public IJobHandler? Find(string type) => _byType.GetValueOrDefault(type);
}
