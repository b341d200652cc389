using Platform.Storage.Settings;

namespace Platform.Hubs;

/// <summary>The <c>Hubs</c> section's limits on what one hub connection may hold or send.</summary>
public sealed class HubLimits
{
    public const string Section = "Hubs";

    /// <summary>Jobs one connection watches at once; "all my jobs" counts as one.</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 100;

    /// <summary>Stored rooms one connection watches at once.</summary>
    public int MaxRoomsPerConnection { get; set; } = 20;

    /// <summary>A connection's typing in one room reaches the others at most once per interval; calls between are dropped.</summary>
    public TimeSpan TypingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Hub calls one connection makes per second once its burst is spent; faster calls wait their turn.</summary>
    public int InvocationsPerSecond { get; set; } = 20;

    /// <summary>Hub calls one connection may make at once without waiting, e.g. to restore its subscriptions on reconnect.</summary>
    public int InvocationBurst { get; set; } = 150;

    /// <summary>The largest message a client may send; SignalR closes the connection of one that sends more.</summary>
    public long MaxReceiveMessageBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// How long one write to a connection may wait for it to take what was sent (SignalR's transport send timeout): a
    /// client that reads nothing for longer is dropped, and once back catches up from storage.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public static void Rules(SettingsRules<HubLimits> rules) => rules
        .Positive(o => o.MaxSubscriptionsPerConnection)
        .Positive(o => o.MaxRoomsPerConnection)
        .NotNegative(o => o.TypingInterval)
        .Positive(o => o.InvocationsPerSecond)
        .Positive(o => o.InvocationBurst)
        .Positive(o => o.MaxReceiveMessageBytes)
        .Positive(o => o.SendTimeout);
}
