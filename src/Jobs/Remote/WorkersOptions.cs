using Platform.Storage.Settings;

namespace Platform.Jobs.Remote;

/// <summary>The <c>Workers</c> section: how many remote workers one key owner may name, keep and hold waiting.</summary>
public sealed class WorkersOptions
{
    public const string Section = "Workers";

    /// <summary>Worker names one key owner may have at once; a claim under one more is refused until an unseen one is forgotten.</summary>
    public int MaxNamesPerOwner { get; set; } = 100;

    /// <summary>How long a worker name is kept after its last claim.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each host forgets the names unseen for <see cref="ForgetAfter"/>.</summary>
    public TimeSpan ForgetInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Claims and heartbeats one user's workers may hold waiting at once on a host.</summary>
    public int MaxWaitingPerUser { get; set; } = 100;

    public static void Rules(SettingsRules<WorkersOptions> rules) => rules
        .Positive(o => o.MaxNamesPerOwner)
        .Check(o => o.ForgetAfter, after => after > RemoteWork.SeenPrecision, "longer than 00:00:10, how precisely a worker's last claim is kept")
        .Positive(o => o.ForgetInterval)
        .Positive(o => o.MaxWaitingPerUser);
}
