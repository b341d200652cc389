using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Connections.Client;
using Platform.Contracts.Accounts;

namespace Platform.Client;

/// <summary>How a client proves who it is: an API key (bots, integrations) or a bearer access token (people).</summary>
public abstract class PlatformCredentials
{
    public static PlatformCredentials None { get; } = new Anonymous();

    public static PlatformCredentials ApiKey(string key) => new Key(key);

    /// <summary>Asks <paramref name="accessToken"/> for the current token before each request and each hub (re)connect.</summary>
    public static PlatformCredentials Bearer(Func<CancellationToken, ValueTask<string?>> accessToken) => new Token(accessToken);

    public static PlatformCredentials Bearer(string accessToken) => new Token(_ => ValueTask.FromResult<string?>(accessToken));

    internal abstract ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct);

    internal abstract void Apply(HttpConnectionOptions hub);

    private sealed class Anonymous : PlatformCredentials
    {
        internal override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct) => ValueTask.CompletedTask;

        internal override void Apply(HttpConnectionOptions hub)
        {
        }
    }

    private sealed class Key(string key) : PlatformCredentials
    {
        internal override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Add(ApiKeyHeader.Name, key);
            return ValueTask.CompletedTask;
        }

        internal override void Apply(HttpConnectionOptions hub) => hub.Headers[ApiKeyHeader.Name] = key;
    }

    private sealed class Token(Func<CancellationToken, ValueTask<string?>> accessToken) : PlatformCredentials
    {
        internal override async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (await accessToken(ct) is { } token)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        internal override void Apply(HttpConnectionOptions hub) => hub.AccessTokenProvider = () => accessToken(CancellationToken.None).AsTask();
    }
}
