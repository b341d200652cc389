using Microsoft.AspNetCore.SignalR;
using Platform.Contracts;

namespace Platform.Hubs;

/// <summary>
/// Refuses a hub call with a text argument that is not storable (a NUL, an unpaired surrogate) before the method runs,
/// naming the argument, whichever protocol carried it: a HubException the caller can read, not a failure where it is stored.
/// </summary>
public sealed class ArgumentText : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        for (var i = 0; i < invocation.HubMethodArguments.Count; i++)
            if (invocation.HubMethodArguments[i] is string text && !StorableText.Allows(text))
                throw new HubException($"{invocation.HubMethod.GetParameters()[i].Name} {StorableText.Problem}");
        return next(invocation);
    }
}
