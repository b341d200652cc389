using Platform.Storage.Settings;

namespace Platform.Storage;

/// <summary>The <c>Database</c> section: what a host does with the platform's tables in PostgreSQL as it starts.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// Compares every table, index and function with the code and creates or changes what differs before the host takes
    /// work. Off, the host trusts the schema as it is, which saves the comparison (about a second of PostgreSQL's
    /// processor time a start) where another host of the same version has already brought it up to date. Quartz checks
    /// its own tables either way.
    /// </summary>
    public bool UpdateSchemaOnStart { get; set; } = true;

    /// <summary>A yes or no has nothing further to check; a value that is neither stops the start as it is read.</summary>
    public static void Rules(SettingsRules<DatabaseOptions> rules)
    {
    }
}
