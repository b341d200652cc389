using Microsoft.AspNetCore.SignalR;

namespace Platform.Hubs;

/// <summary>Who owns what a hub caller may see. Until accounts exist every caller is the development user.</summary>
public interface ICallerIdentity
{
    string OwnerOf(HubCallerContext context);
}

public sealed class DevelopmentIdentity : ICallerIdentity
{
    public const string OwnerId = "dev-user";

    public string OwnerOf(HubCallerContext context) => OwnerId;
}
