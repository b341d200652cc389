using Microsoft.AspNetCore.SignalR;
using Platform.Storage.Outcomes;

namespace Platform.Hubs;

/// <summary>The one place a command's <see cref="Outcome{T}"/> becomes a hub answer: its value, or a HubException with its reason.</summary>
public static class HubAnswers
{
    public static T ValueOrThrow<T>(this Outcome<T> outcome) => outcome.Refusal is { } refusal
        ? throw new HubException(refusal.Kind == RefusalKind.NotFound ? refusal.Title : refusal.Reason)
        : outcome.Value;
}
