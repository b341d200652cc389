using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Platform.Hubs;

/// <summary>
/// Holds each hub call until its connection's pace allows it. A connection's calls run one at a time (SignalR's
/// default), so while one waits its connection is not read: a client calling without pause is slowed to the pace
/// at the cost of a timer, and costs the host nothing more than a client calling at it.
/// </summary>
public sealed class InvocationPacing(IOptions<HubLimits> limits, TimeProvider clock) : IHubFilter
{
    private const string PaceKey = "invocationPace";

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        context.Context.Items[PaceKey] = new InvocationPace(limits.Value.InvocationsPerSecond, limits.Value.InvocationBurst);
        return next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var wait = ((InvocationPace)invocation.Context.Items[PaceKey]!).Take(clock.GetUtcNow());
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, clock, invocation.Context.ConnectionAborted);
        return await next(invocation);
    }
}
