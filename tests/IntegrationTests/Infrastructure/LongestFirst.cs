using Platform.IntegrationTests.Browser;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Platform.IntegrationTests.Infrastructure.LongestFirst", "Platform.IntegrationTests")]

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>
/// Starts the longest collections first (the host processes, then the browser), so that the many short classes fill
/// the other threads and the run does not end waiting on one long collection.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly string[] Longest = [LoadToolCollection.Name, HostProcessesCollection.Name, BrowserCollection.Name];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(collection => Array.IndexOf(Longest, collection.DisplayName) is var rank and >= 0 ? rank : Longest.Length)
            .ThenBy(collection => collection.DisplayName, StringComparer.Ordinal);
}
