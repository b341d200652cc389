namespace Platform.Storage;

/// <summary>Times as PostgreSQL keeps them (microseconds), so the time answered is the time stored and read back.</summary>
public static class StoredTime
{
    public static DateTimeOffset Of(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
}
