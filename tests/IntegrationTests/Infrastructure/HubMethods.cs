using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Hubs;
using Platform.Hubs;

namespace Platform.IntegrationTests.Infrastructure;

/// <summary>The methods clients may call on the hub, found by reflection, so a walk over them cannot leave a new one out.</summary>
public static class HubMethods
{
    /// <summary>Every public method of the hub and of each interface of its contract, as the hub declares it.</summary>
    public static IReadOnlyList<MethodInfo> All { get; } = Find();

    public static IReadOnlyList<string> Names => All.Select(m => m.Name).ToList();

    private static List<MethodInfo> Find()
    {
        var hub = typeof(JobsHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)))
            .ToList();
        var contract = typeof(IJobsHub).GetInterfaces().Append(typeof(IJobsHub)).SelectMany(i => i.GetMethods()).Select(m => m.Name);
        var missing = contract.Except(hub.Select(m => m.Name)).ToList();
        return missing.Count == 0
            ? hub.OrderBy(m => m.Name, StringComparer.Ordinal).ToList()
            : throw new InvalidOperationException($"The hub contract names methods the hub does not have: {string.Join(", ", missing)}.");
    }
}
