using Platform.IntegrationTests.Load;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// Test classes that run hosts as processes of their own, one class at a time while other classes run in the test
/// process: each starts hosts that take a core for seconds, so two such classes at once slow each other past their waits.
/// The load tool's smoke tests share one PostgreSQL and Redis (<see cref="LoadClusterFixture"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostProcessesCollection : ICollectionFixture<LoadClusterFixture>
{
    public const string Name = "Host processes";
}
