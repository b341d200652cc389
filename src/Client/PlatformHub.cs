using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts;

namespace Platform.Client;

/// <summary>How the SDK connects to the jobs hub: the caller's credentials on every (re)connect, and reconnects that never give up.</summary>
internal static class PlatformHub
{
    public static HubConnection Build(Uri hubUrl, PlatformCredentials credentials) =>
        new HubConnectionBuilder()
            .WithUrl(hubUrl, credentials.Apply)
            .WithAutomaticReconnect(new ForeverRetry())
            .AddMessagePackProtocol(messagePack => messagePack.SerializerOptions = PlatformMessagePack.Options)
            .Build();

    private sealed class ForeverRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext context) =>
            TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(context.PreviousRetryCount, 6))));
    }
}
