using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Admin;

/// <summary>A host over a fresh database whose first registered user, the admin, is made before any test runs.</summary>
public class AdminFixture : PlatformFixture
{
    public AdminFixture() : this("admin")
    {
    }

    protected AdminFixture(string name, IReadOnlyDictionary<string, string?>? settings = null) : base(name, settings)
    {
    }

    public TestUser Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Application.CreateUserAsync();
    }
}
