namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// Test classes that start, kill and watch host processes of their own, one class at a time: their waits (a lease, a
/// presence expiry) are sized for hosts that get a core, and two such classes at once would share one.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostProcessesCollection
{
    public const string Name = "Host processes";
}
