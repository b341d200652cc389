using Microsoft.AspNetCore.SignalR;

namespace Platform.Hubs;

/// <summary>A hub caller's user id is the standard <c>sub</c> claim, whether a token or an API key authenticated them.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public const string ClaimType = "sub";

    /// <summary>The organization a connection acts for, when it acts for one; its jobs are then the organization's.</summary>
    public const string OwnerClaimType = "owner";

    public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst(ClaimType)?.Value;
}
