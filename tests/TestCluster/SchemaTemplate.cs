namespace Platform.TestCluster;

/// <summary>What makes a database with the platform's schema fit to be copied for each test's hosts.</summary>
public static class SchemaTemplate
{
    /// <summary>
    /// Empties every table: what the host that created the schema wrote as it started (its beat, Quartz's scheduler state)
    /// must not appear in every copy. Quartz's lock rows are its schema's, not data.
    /// </summary>
    public const string EmptyEveryTable = """
        DO $$
        DECLARE t record;
        BEGIN
          FOR t IN SELECT schemaname, tablename FROM pg_tables
                   WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'qrtz_locks'
          LOOP
            EXECUTE format('TRUNCATE %I.%I CASCADE', t.schemaname, t.tablename);
          END LOOP;
        END $$;
        """;
}
