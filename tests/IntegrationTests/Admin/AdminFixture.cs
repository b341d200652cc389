using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Admin;

/// <summary>A host over a fresh database whose first registered user, the admin, is made before any test runs.</summary>
public sealed class AdminFixture() : PlatformFixture("admin")
{
    public TestUser Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = await Application.CreateUserAsync();
    }
}
