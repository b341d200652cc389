using Platform.Storage.Settings;

namespace Platform.Jobs.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    public static void Rules(SettingsRules<WebhooksOptions> rules) => rules
        .Positive(o => o.MaxAttempts)
        .Positive(o => o.RetryDelay)
        .AtLeast(o => o.RetryMaxDelay, o => o.RetryDelay)
        .Positive(o => o.ConnectTimeout)
        .Positive(o => o.ResponseTimeout)
        .Positive(o => o.Concurrency)
        .Check(o => o.MaxInFlightPerOwner, most => most is null || most > 0 && most <= rules.Value.Concurrency, "from 1 to Webhooks:Concurrency")
        .Positive(o => o.PollInterval)
        .Positive(o => o.Retention)
        .Positive(o => o.CleanupInterval);

    /// <summary>False makes a host leave calls to the other hosts.</summary>
    public bool Deliver { get; set; } = true;

    /// <summary>
    /// Whether jobs may call loopback, private and link-local addresses. Off, a URL naming one is refused at submit
    /// and a name that resolves to one is refused at the call, so webhooks cannot reach into the hosts' own network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Attempts of one call before it counts as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry of a call; it doubles with each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a receiver has to accept the connection of an attempt.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a receiver has to answer an attempt once connected.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls one host makes at once.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// Calls of one owner a host makes at once; unset, half of <see cref="Concurrency"/>. An owner whose receiver never
    /// answers holds no more of the host's senders than this, so other owners' calls go on meanwhile.
    /// </summary>
    public int? MaxInFlightPerOwner { get; set; }

    public int InFlightPerOwner => Math.Clamp(MaxInFlightPerOwner ?? Concurrency / 2, 1, Math.Max(1, Concurrency));

    /// <summary>How often an idle host looks for calls due, besides being woken when one is added.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long delivered and failed calls stay listed on their job before they are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each host deletes calls past <see cref="Retention"/>.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed call is its host's: longer than an attempt can take, so only a dead host's calls are taken over.</summary>
    public TimeSpan Lease => AttemptTimeout + TimeSpan.FromSeconds(30);

    /// <summary>The longest an attempt takes: a new connection, then the answer.</summary>
    public TimeSpan AttemptTimeout => ConnectTimeout + ResponseTimeout;
}
