using System.Net;
using System.Net.Sockets;
using Platform.Contracts;
using Platform.Contracts.Webhooks;

namespace Platform.Jobs.Webhooks;

/// <summary>Which webhook URLs and addresses jobs may call.</summary>
public sealed class WebhookTargets(WebhooksOptions options)
{
    public const int LongestUrl = 2048;

    /// <summary>The webhook as the job keeps it (events spelled out, each once), or why it cannot be used; field names as in the request.</summary>
    public (JobWebhook? Webhook, IReadOnlyDictionary<string, string[]> Errors) Check(JobWebhook webhook)
    {
        var errors = new FieldErrors();
        if (UrlProblem(webhook.Url) is { } problem)
            errors.Add("webhook.url", problem);

        var events = webhook.Events ?? WebhookEvents.All;
        if (events.Count == 0)
            errors.Add("webhook.events", $"must name at least one of {string.Join(", ", WebhookEvents.All)}, or be left out for all.");
        for (var i = 0; i < events.Count; i++)
            if (!WebhookEvents.All.Contains(events[i]))
                errors.Add($"webhook.events[{i}]", $"'{events[i]}' is not a webhook event; events: {string.Join(", ", WebhookEvents.All)}.");

        return errors.Any ? (null, errors.ToDictionary()) : (new JobWebhook(webhook.Url.Trim(), events.Distinct().ToList()), FieldErrors.None);
    }

    private string? UrlProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return "is required.";
        if (url.Length > LongestUrl)
            return $"must be at most {LongestUrl} characters.";
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "must be an absolute http or https URL.";
        if (uri.UserInfo.Length > 0)
            return "must not carry a user name or password; calls are signed instead.";
        if (!options.AllowPrivateTargets && NamesPrivateHost(uri))
            return $"'{uri.Host}' is a loopback or private address, which webhooks may not call.";
        return null;
    }

    private static bool NamesPrivateHost(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.DnsSafeHost, out var address))
            return !IsPublic(address);
        var name = uri.DnsSafeHost.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether a call may connect to <paramref name="address"/> under the configured rule.</summary>
    public bool MayConnectTo(IPAddress address) => options.AllowPrivateTargets || IsPublic(address);

    /// <summary>False for loopback, private, shared, link-local (cloud metadata lives there), reserved, unspecified and multicast addresses.</summary>
    private static readonly byte[] Nat64Prefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            // Forms that carry an IPv4 address or reach one through a translator are judged as that address would be:
            // NAT64 (64:ff9b::/96), 6to4 (2002::/16), Teredo (2001::/32, its client address inverted) and IPv4-compatible (::/96).
            if (b[..12].SequenceEqual(Nat64Prefix))
                return IsPublic(new IPAddress(b[12..]));
            if (b[0] == 0x20 && b[1] == 0x02)
                return IsPublic(new IPAddress(b[2..6]));
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
                return IsPublic(new IPAddress(b[12..].Select(octet => (byte)~octet).ToArray()));
            if (b[..12].All(octet => octet == 0))
                return !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback) && IsPublic(new IPAddress(b[12..]));
            return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xfe) == 0xfc);
        }
        return false;
    }
}
