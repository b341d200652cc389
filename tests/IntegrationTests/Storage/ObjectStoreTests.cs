using Amazon.S3;
using Platform.Storage.Objects;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Storage;

public sealed class LocalObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly LocalObjectStore _store = new(Path.Combine(Path.GetTempPath(), "platform-objects", Path.GetRandomFileName()));

    protected override IObjectStore Store => _store;

    public void Dispose()
    {
        if (Directory.Exists(_store.Root))
            Directory.Delete(_store.Root, recursive: true);
    }
}

/// <summary>A throwaway S3-compatible server (s3rver) for a test class, with a client of it and an empty bucket, <see cref="Bucket"/>.</summary>
public sealed class S3Fixture : IAsyncLifetime
{
    public const string Bucket = "tests";

    private LocalS3? _server;

    public LocalS3 Server => _server ?? throw new InvalidOperationException("The S3 server has not started.");

    public IAmazonS3 Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalS3.StartAsync();
        Client = Server.CreateClient();
        await Client.PutBucketAsync(Bucket);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

public sealed class S3ObjectStoreTests(S3Fixture s3) : ObjectStoreContract, IClassFixture<S3Fixture>
{
    // Pages of three objects, so a listing of a few already takes several.
    protected override IObjectStore Store { get; } = new S3ObjectStore(s3.Client, S3Fixture.Bucket, listPageSize: 3);
}
