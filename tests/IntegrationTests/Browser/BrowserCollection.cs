namespace Platform.IntegrationTests.Browser;

/// <summary>
/// Browser tests run on their own, after the rest: chromium and a training job would otherwise take the CPU that the
/// timing assertions of other tests count on, and their waits would stretch under the other tests' load.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
