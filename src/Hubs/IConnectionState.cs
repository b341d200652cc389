namespace Platform.Hubs;

/// <summary>
/// What a hub feature keeps for each connection. Registered with <see cref="HubsExtensions.AddConnectionState{T}"/>, it
/// is told when a connection ends, so each feature cleans up after itself and the hub keeps no list of them.
/// </summary>
public interface IConnectionState
{
    /// <summary>The connection has ended: drop what was kept for it.</summary>
    Task ForgetAsync(string connectionId);
}
