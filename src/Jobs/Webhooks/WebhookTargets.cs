using System.Net;
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

    /// <summary>What is wrong with <paramref name="url"/> as a place to call; null when it may be called.</summary>
    public string? UrlProblem(string? url)
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

    /// <summary>Whether the internet reaches <paramref name="address"/> (<see cref="AddressBlocks"/>): not loopback, private, link-local (cloud metadata lives there), reserved or multicast.</summary>
    public static bool IsPublic(IPAddress address) => AddressBlocks.IsGloballyReachable(address);
}
