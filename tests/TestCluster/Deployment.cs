using Platform.Client;
using Platform.Contracts.Accounts;

namespace Platform.TestCluster;

/// <summary>The hosts a scenario talks to: processes this tool started over a fresh database, or running hosts given by --url.</summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly LocalCluster? _cluster;
    private readonly string? _postgres;
    private readonly string? _artifacts;
    private readonly IReadOnlyDictionary<string, string> _hostSettings = new Dictionary<string, string>();
    private readonly List<HostProcess> _processes = [];
    private readonly List<Uri> _urls = [];

    // The user SignInAsync registered, to sign in as again.
    private (string Email, string Password)? _user;

    internal Deployment(LocalCluster cluster, string postgres, string artifacts, IReadOnlyDictionary<string, string> hostSettings) =>
        (_cluster, _postgres, _artifacts, _hostSettings) = (cluster, postgres, artifacts, hostSettings);

    private Deployment(IEnumerable<Uri> urls) => _urls.AddRange(urls);

    /// <summary>Hosts that were running before this tool: nothing to start or stop.</summary>
    public static Deployment Existing(IReadOnlyList<Uri> urls) => new(urls);

    public bool IsLocal => _cluster is not null;

    /// <summary>The deployment's own database, when the tool started it.</summary>
    public string? PostgresConnectionString => _postgres;

    /// <summary>The folder its hosts are given as <c>Storage:Path</c>, when the tool started them.</summary>
    public string? StoragePath => _artifacts;

    public IReadOnlyList<Uri> Urls => _urls;

    public IReadOnlyList<HostProcess> Processes => _processes;

    /// <summary>Processor time this deployment's hosts have used so far, and the services' (PostgreSQL, Redis); zero for --url.</summary>
    public (TimeSpan Hosts, TimeSpan Services) ProcessorTime() =>
        (HostProcess.ProcessorTimeOf(_processes), _cluster?.ServicesProcessorTime() ?? TimeSpan.Zero);

    /// <summary>The API key of the user this deployment's scenario runs as; set by <see cref="SignInAsync"/>.</summary>
    public string ApiKey { get; private set; } = "";

    public PlatformClient Client(Uri url) => Client(url, ApiKey);

    public PlatformClient Client(Uri url, string apiKey) => new(Http(url), PlatformCredentials.ApiKey(apiKey));

    // One handler for every client of the run, with room for as many concurrent callers as a scenario brings.
    private static readonly SocketsHttpHandler Handler = new()
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>An HTTP client of <paramref name="baseAddress"/> over the run's shared connection pool.</summary>
    public static HttpClient Http(Uri baseAddress) => new(Handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>Registers a user of its own and gives it an API key, as a bot would be set up.</summary>
    public async Task SignInAsync()
    {
        var user = NewCredentials();
        ApiKey = await NewUserKeyAsync(user);
        _user = user;
    }

    /// <summary>Registers one more user and answers an API key of theirs, for scenarios where users meet.</summary>
    public Task<string> NewUserKeyAsync() => NewUserKeyAsync(NewCredentials());

    /// <summary>
    /// A client signed in with a password as the user <see cref="SignInAsync"/> registered, for what an API key may not do:
    /// when that user was the deployment's first, it is its admin.
    /// </summary>
    public async Task<PlatformClient> SignedInUserAsync()
    {
        var (email, password) = _user ?? throw new InvalidOperationException("No user signed in yet.");
        return await SignInAsync(email, password);
    }

    private static (string Email, string Password) NewCredentials() => ($"load-{Guid.NewGuid():N}@load.example", $"load-{Guid.NewGuid():N}");

    private async Task<string> NewUserKeyAsync((string Email, string Password) user)
    {
        await new PlatformClient(Http(_urls[0])).RegisterAsync(new RegisterRequest(user.Email, user.Password));
        var client = await SignInAsync(user.Email, user.Password);
        var key = await client.CreateApiKeyAsync(new CreateApiKeyRequest("load tool", [Scopes.JobsRead, Scopes.JobsWrite, Scopes.Worker], Password: user.Password));
        return key.Secret;
    }

    private async Task<PlatformClient> SignInAsync(string email, string password)
    {
        var anonymous = new PlatformClient(Http(_urls[0]));
        var tokens = await anonymous.LoginAsync(new LoginRequest(email, password, "load tool"));
        return anonymous.WithCredentials(PlatformCredentials.Bearer(tokens.AccessToken));
    }

    public async Task<Uri> AddHostAsync(HostRole role)
    {
        var process = await StartAsync(role);
        Add(process);
        return process.Url;
    }

    /// <summary>Starts hosts in these roles together, as a deployment's hosts start, and adds them in the order given.</summary>
    public async Task AddHostsAsync(IEnumerable<HostRole> roles)
    {
        var started = roles.Select(StartAsync).ToList();
        try
        {
            await Task.WhenAll(started);
        }
        finally
        {
            foreach (var process in started.Where(start => start.IsCompletedSuccessfully))
                Add(process.Result);
        }
    }

    private Task<HostProcess> StartAsync(HostRole role) => _cluster is null
        ? throw new InvalidOperationException("Hosts given by --url cannot be added to.")
        : HostProcess.StartAsync(Host.LocalServices.FreePort.Pick(), _cluster.SettingsFor(_postgres!, _artifacts!, role, _hostSettings), _cluster.HostEnvironment);

    // Scenarios add hosts from concurrent tasks.
    private void Add(HostProcess process)
    {
        lock (_processes)
        {
            _processes.Add(process);
            _urls.Add(process.Url);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
    }
}
