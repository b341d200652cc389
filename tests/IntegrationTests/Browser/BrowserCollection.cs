namespace Platform.IntegrationTests.Browser;

/// <summary>
/// Browser tests run one at a time: each drives its own chromium.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
