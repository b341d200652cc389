using Microsoft.Extensions.Options;
using Platform.Jobs.Mail;

namespace Platform.Host.Mail;

/// <summary>
/// Links to dashboard pages for mail: <c>{Mail:PublicUrl}/#/{page}?{query}</c>, as the dashboard's router reads them. A
/// host without a mail server and without <c>Mail:PublicUrl</c> (its messages go to its log) names the address the
/// request came to; one with a server always names <c>Mail:PublicUrl</c>, so a forged Host header cannot redirect a link.
/// </summary>
public sealed class DashboardLinks(IOptions<MailOptions> options, IHttpContextAccessor http)
{
    /// <summary>The link to <paramref name="page"/> (e.g. <c>/reset-password</c>) with <paramref name="query"/>.</summary>
    public string To(string page, IReadOnlyDictionary<string, string> query)
    {
        var parameters = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return $"{Base()}/#{page}{(parameters.Length == 0 ? "" : "?" + parameters)}";
    }

    private string Base()
    {
        if (options.Value.PublicUrl is { } configured)
            return configured.TrimEnd('/');
        var request = http.HttpContext?.Request
            ?? throw new InvalidOperationException("Mail:PublicUrl is not set and there is no request whose address links could name.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
