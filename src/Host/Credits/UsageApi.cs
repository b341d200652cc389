using System.Globalization;
using System.Text;
using Platform.Contracts.Credits;
using Platform.Jobs.Credits;
using Platform.Jobs.Types;

namespace Platform.Host.Credits;

/// <summary>What was run and what it cost, by day, job type, project, member or end user; as JSON, or as CSV for a spreadsheet.</summary>
public static class UsageApi
{
    public const string Csv = "text/csv";
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/usage", "Credits", Scopes.JobsRead)
            .MapGet("/", MineAsync)
            .Describe("GetUsage", "What my jobs (of one type if given) that finished in a period cost and ran, grouped by day, type, project, member or endUser; format=csv (or Accept: text/csv) for CSV")
            .Produces<UsageReport>(contentType: "application/json")
            .Produces<string>(contentType: Csv);
        return app;
    }

    /// <summary>The same report of any owner, for admins.</summary>
    public static RouteGroupBuilder MapAdminUsage(this RouteGroupBuilder admin)
    {
        admin.MapGet("/usage", AnyAsync)
            .Describe("AdminGetUsage", "What one owner's (a user's or an organization's) finished jobs cost and ran in a period; the same groupings and CSV as GetUsage")
            .Produces<UsageReport>(contentType: "application/json")
            .Produces<string>(contentType: Csv);
        return admin;
    }

    private static Task<IResult> MineAsync(HttpContext context, UsageReports usage, CreditsOptions options, TimeProvider clock, DateTimeOffset? from,
        DateTimeOffset? to, string? groupBy, string? type, string? format, CancellationToken ct) =>
        ReportAsync(context, usage, options, clock, context.User.OwnerId(), new(from, to, groupBy, type, format), ct);

    private static Task<IResult> AnyAsync(HttpContext context, UsageReports usage, CreditsOptions options, TimeProvider clock, string? owner,
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, string? type, string? format, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(owner)
            ? Task.FromResult<IResult>(ApiProblems.Invalid("owner", "is required: the id of a user or an organization."))
            : ReportAsync(context, usage, options, clock, owner, new(from, to, groupBy, type, format), ct);

    private sealed record UsageQuery(DateTimeOffset? From, DateTimeOffset? To, string? GroupBy, string? Type, string? Format);

    private static async Task<IResult> ReportAsync(HttpContext context, UsageReports usage, CreditsOptions options, TimeProvider clock, string ownerId,
        UsageQuery query, CancellationToken ct)
    {
        var (from, to, groupBy, type, format) = query;
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end - DefaultPeriod;
        var grouping = groupBy ?? "day";
        if (!UsageReports.Groupings.Contains(grouping))
            return ApiProblems.Invalid("groupBy", $"must be one of {string.Join(", ", UsageReports.Groupings)}.");
        if (type is not null && !JobTypeCatalog.IsValidName(type))
            return ApiProblems.Invalid("type", "must be a job type's name: 1 to 64 of a-z, 0-9, - and _.");
        if (start >= end)
            return ApiProblems.Invalid("to", "must be after from.");
        if (end - start > options.MaxUsagePeriod)
            return ApiProblems.Invalid("from", $"the period may span at most {options.MaxUsagePeriod.TotalDays:0} days (Credits:MaxUsagePeriod).");
        if (format is not null and not ("json" or "csv"))
            return ApiProblems.Invalid("format", "must be json or csv.");
        var report = await usage.ReportAsync(ownerId, start, end, grouping, type, ct);
        var wantsCsv = format == "csv" || (format is null && context.Request.Headers.Accept.ToString().Contains(Csv, StringComparison.OrdinalIgnoreCase));
        return wantsCsv ? TypedResults.Text(ToCsv(report), Csv, Encoding.UTF8) : TypedResults.Ok(report);
    }

    private static string ToCsv(UsageReport report)
    {
        var csv = new StringBuilder().Append(report.GroupBy).Append(",credits,jobs,run_seconds,failures\r\n");
        foreach (var row in report.Rows)
            csv.Append(Field(row.Key)).Append(',').Append(row.Credits).Append(',').Append(row.Jobs).Append(',')
                .Append(row.RunSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(',').Append(row.Failures).Append("\r\n");
        return csv.ToString();
    }

    // A field with a comma, quote or line break is quoted, and one a spreadsheet would run as a formula is defused.
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
