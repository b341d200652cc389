using Microsoft.AspNetCore.SignalR;

namespace Platform.Hubs;

/// <summary>A hub caller's user id is the standard <c>sub</c> claim, whether a token or an API key authenticated them.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public const string ClaimType = "sub";

    public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst(ClaimType)?.Value;
}
