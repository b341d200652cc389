using System.Text.RegularExpressions;
using Npgsql;

namespace Platform.Jobs.Scheduling;

/// <summary>
/// The tables Quartz's clustered PostgreSQL job store reads and writes, kept in a schema of their own
/// and created where missing, so Quartz itself can run with <c>SchemaProvisioning.Validate</c>.
/// </summary>
public static partial class QuartzSchema
{
    public const string DefaultSchema = "quartz";

    private const string ScriptResource = "Platform.Jobs.Scheduling.QuartzSchema.sql";

    // Any fixed value works as long as nothing else in the database takes the same advisory lock.
    private const long DdlLockKey = 0x5154_5A5F_4444_4C31;

    /// <summary>The value for Quartz's <c>AdoJobStoreOptions.TablePrefix</c> when the tables live in <paramref name="schema"/>.</summary>
    public static string TablePrefix(string schema) => $"{schema}.qrtz_";

    /// <summary>Creates the schema, tables and indexes that do not exist yet; safe to call on every start-up, from every host.</summary>
    public static async Task EnsureCreatedAsync(
        string connectionString, string schema = DefaultSchema, CancellationToken ct = default)
    {
        // The name is spliced into DDL, which takes no parameters, so only a plain identifier gets in.
        if (!PlainIdentifier().IsMatch(schema))
            throw new ArgumentException(
                $"Quartz schema '{schema}' must be a plain identifier: letters, digits and underscores, not starting with a digit, at most 63 characters.",
                nameof(schema));

        var script = (await ReadScriptAsync(ct)).Replace("{schema}", schema, StringComparison.Ordinal);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // IF NOT EXISTS does not hold when two sessions create the same object at once (the loser fails on
        // a catalog unique index), so hosts starting together take turns. The lock ends with the transaction.
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", DdlLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        await using (var ddl = new NpgsqlCommand(script, connection, transaction))
            await ddl.ExecuteNonQueryAsync(ct);

        await transaction.CommitAsync(ct);
    }

    private static async Task<string> ReadScriptAsync(CancellationToken ct)
    {
        await using var stream = typeof(QuartzSchema).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"Embedded resource '{ScriptResource}' is missing from {typeof(QuartzSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,62}\z")]
    private static partial Regex PlainIdentifier();
}
