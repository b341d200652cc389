using Platform.IntegrationTests.Load;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// The load tool's smoke tests, one class at a time beside the other host processes: they share one PostgreSQL and Redis
/// (<see cref="LoadClusterFixture"/>) and judge what was delivered, never how fast.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LoadToolCollection : ICollectionFixture<LoadClusterFixture>
{
    public const string Name = "Load tool";
}
