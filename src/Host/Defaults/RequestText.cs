using Platform.Contracts;
using Platform.Contracts.Files;
using Platform.Contracts.Workers;
using Platform.Host.Jobs;

namespace Platform.Host.Defaults;

/// <summary>
/// Refuses, before any endpoint reads them, a query string value or a header the platform reads that is not one line of
/// storable text: PostgreSQL could not store it, and a header or a name that carries it on would break what answers it.
/// </summary>
public static class RequestText
{
    // The headers endpoints read for themselves; what the server reads (Authorization, Content-Type…) it parses by its own rules.
    private static readonly string[] ReadHeaders =
    [
        ApiKeyHeader.Name, IdempotencyKeyHeader.Name, JobLeaseHeader.Name, JobEventStream.LastEventIdHeader,
        Tus.ResumableHeader, Tus.LengthHeader, Tus.OffsetHeader, Tus.MetadataHeader,
    ];

    public static WebApplication UseRequestTextCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (UnfitField(context.Request) is { } field)
                await ApiProblems.Invalid(field, StorableText.LineProblem).ExecuteAsync(context);
            else
                await next(context);
        });
        return app;
    }

    private static string? UnfitField(HttpRequest request)
    {
        foreach (var (key, values) in request.Query)
            if (!StorableText.AllowsAsLine(key) || values.Any(value => !StorableText.AllowsAsLine(value)))
                return new string(key.Where(c => !char.IsControl(c) && !char.IsSurrogate(c)).ToArray());
        foreach (var header in ReadHeaders)
            if (request.Headers.TryGetValue(header, out var values) && values.Any(value => !StorableText.AllowsAsLine(value)))
                return header;
        return null;
    }
}
