using Platform.Storage.Settings;

namespace Platform.Jobs.Rooms;

/// <summary>The <c>Rooms</c> section: how large and how busy stored rooms may get.</summary>
public sealed class RoomsOptions
{
    public const string Section = "Rooms";

    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Messages one member may post to one room per second, on each host.</summary>
    public int MessagesPerSecond { get; set; } = 10;

    /// <summary>Rooms one user may own.</summary>
    public int MaxRoomsPerUser { get; set; } = 50;

    public int MaxMembersPerRoom { get; set; } = 1000;

    /// <summary>The most messages one history page holds.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>The longest retention a room may set, in days.</summary>
    public int MaxRetentionDays { get; set; } = 3650;

    /// <summary>Characters in a message search's query.</summary>
    public int MaxSearchLength { get; set; } = 200;

    /// <summary>How often each host deletes messages older than their room's retention.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Messages one delete removes; a host deletes batch after batch until none is left.</summary>
    public int RetentionBatchSize { get; set; } = 1000;

    /// <summary>How often an idle host looks for job messages to post, besides being woken when a job stores one.</summary>
    public TimeSpan JobPostPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Different emojis one message may carry as reactions; more of one already there are always welcome.</summary>
    public int MaxEmojisPerMessage { get; set; } = 20;

    /// <summary>Different members one message may mention; a message naming more is refused.</summary>
    public int MaxMentionsPerMessage { get; set; } = 10;

    public static void Rules(SettingsRules<RoomsOptions> rules) => rules
        .Positive(o => o.MaxMessageLength)
        .Positive(o => o.MessagesPerSecond)
        .Positive(o => o.MaxRoomsPerUser)
        .Check(o => o.MaxMembersPerRoom, members => members > 1, "more than 1")
        .Positive(o => o.MaxPageSize)
        .Positive(o => o.MaxRetentionDays)
        .Positive(o => o.MaxSearchLength)
        .Positive(o => o.RetentionInterval)
        .Positive(o => o.RetentionBatchSize)
        .Positive(o => o.JobPostPollInterval)
        .Positive(o => o.MaxEmojisPerMessage)
        .Positive(o => o.MaxMentionsPerMessage);
}
