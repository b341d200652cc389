using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Accounts;
using Platform.Contracts.Hubs;

namespace Platform.Hubs;

/// <summary>
/// The one hub: live job events (one job with replay, or all of the caller's jobs; never anyone else's), notifications,
/// presence, stored rooms and the admins' overview. Each feature is a part of this class in a file of its own
/// (<c>JobsHub.Jobs.cs</c>…) that resolves its own services; what it keeps per connection it forgets itself as an
/// <see cref="IConnectionState"/>.
/// </summary>
[Authorize(Policy = Scopes.JobsRead)]
public sealed partial class JobsHub(IServiceProvider services) : Hub<IJobsClient>, IJobsHub
{
    private const string DisplayNameKey = "displayName";

    // The policy on the hub guarantees an authenticated caller with a user id.
    private string Person => Context.UserIdentifier!;

    private Guid UserId => Guid.Parse(Person);

    /// <summary>Whose jobs the connection watches: the organization it acts for, else the caller.</summary>
    private string Owner => Context.User?.FindFirst(SubjectUserIdProvider.OwnerClaimType)?.Value ?? Person;

    /// <summary>The name others see for the caller, found once when the connection opened.</summary>
    private string DisplayName => Context.Items[DisplayNameKey] as string ?? Person;

    private T Service<T>() where T : notnull => services.GetRequiredService<T>();

    public override async Task OnConnectedAsync()
    {
        // Not cut short when the client leaves at once: the client counts the connection open from the handshake on, so
        // presence must record it, and its leave must then start the debounce, not an earlier connection's leave.
        var displayName = await Presence.DisplayNameAsync(Person, CancellationToken.None);
        Context.Items[DisplayNameKey] = displayName;
        await Presence.ConnectedAsync(Context.ConnectionId, Person, displayName);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var state in Service<IEnumerable<IConnectionState>>())
            await state.ForgetAsync(Context.ConnectionId);
    }
}
