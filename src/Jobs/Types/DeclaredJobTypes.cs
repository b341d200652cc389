using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Jobs.Credits;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Types;

/// <summary>
/// Remote job types admins declare over the API, stored in PostgreSQL so every host knows them: the host that takes
/// a change reloads at once, the others every <see cref="JobsOptions.JobTypeRefreshInterval"/>.
/// </summary>
public sealed class DeclaredJobTypes(IDocumentStore documents, JobTypeCatalog catalog, JobsOptions options, IOptions<InputSchemaLimits> schemaLimits,
    TimeProvider clock, ILogger<DeclaredJobTypes> logger) : BackgroundService
{
    public const int LongestDescription = 500;
    private const long MostCredits = JobCosts.MostPrice;

    /// <summary>Declares or replaces a remote type; errors name the fields, and nothing is stored unless there are none.</summary>
    public async Task<Outcome<JobTypeInfo>> DeclareAsync(string name, DeclareJobTypeRequest request, string declaredBy, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!JobTypeCatalog.IsValidName(name))
            errors.Add("name", "must be 1 to 64 of a-z, 0-9, '-' and '_'.");
        else if (catalog.IsFixed(name))
            errors.Add("name", $"'{name}' is a built-in or configured job type.");
        errors.MaxLength("description", request.Description, LongestDescription);
        // Left out, the schema is an undefined element, which has no text to read.
        var schemaText = request.InputSchema.ValueKind == System.Text.Json.JsonValueKind.Object ? request.InputSchema.GetRawText() : null;
        if (schemaText is null)
            errors.Add("inputSchema", "must be a JSON Schema object.");
        else if (schemaLimits.Value.Problem(request.InputSchema, schemaText) is { } tooBig)
            errors.Add("inputSchema", tooBig);
        else if (InputSchema.TryParse(schemaText, schemaLimits.Value.PatternTimeout, out var problem) is null)
            errors.Add("inputSchema", problem!);
        if (request.MaxAttempts is { } attempts)
            errors.Range("maxAttempts", attempts, 1, SubmitJobRequest.MostAttempts);
        if (request.TimeoutSeconds is { } seconds)
            errors.Range("timeoutSeconds", seconds, 1, SubmitJobRequest.LongestTimeoutSeconds);
        if (request.Concurrency is { } concurrency)
            errors.Range("concurrency", concurrency, 1, 10_000);
        if (request.Price is { } price)
        {
            errors.Range("price.perRun", price.PerRun, 0, MostCredits);
            errors.Range("price.perSecond", price.PerSecond, 0, MostCredits);
        }
        if (errors.Any)
            return Refusal.Invalid(errors, "The job type was not declared.");

        await using (var session = documents.LightweightSession())
        {
            session.Store(new DeclaredJobType
            {
                Id = name,
                Description = request.Description ?? "",
                InputSchema = schemaText!,
                MaxAttempts = request.MaxAttempts,
                TimeoutSeconds = request.TimeoutSeconds,
                Concurrency = request.Concurrency,
                Price = request.Price,
                DeclaredBy = declaredBy,
                DeclaredAt = clock.GetUtcNow(),
            });
            await session.SaveChangesAsync(ct);
        }
        await ReloadAsync(ct);
        return catalog.Find(name)!;
    }

    /// <summary>Removes a declared type; refused while any of its jobs is unfinished, as nothing could run them after.</summary>
    public async Task<Outcome<string>> RemoveAsync(string name, CancellationToken ct)
    {
        await using (var session = documents.LightweightSession())
        {
            if (await session.LoadAsync<DeclaredJobType>(name, ct) is null)
                return new Refusal(RefusalKind.NotFound, "not_found", "No such declared job type.", $"No job type '{name}' was declared over the API.");
            if (await session.Query<Model.JobView>().AnyAsync(job => job.Type == name
                    && job.Status != JobStatus.Succeeded && job.Status != JobStatus.Failed && job.Status != JobStatus.Cancelled, ct))
                return Refusal.Conflict("job_type_in_use", "The job type has unfinished jobs.",
                    $"Cancel or finish the '{name}' jobs first: no worker could run them once the type is gone.");
            session.Delete<DeclaredJobType>(name);
            await session.SaveChangesAsync(ct);
        }
        await ReloadAsync(ct);
        return name;
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var session = documents.QuerySession();
        catalog.UseDeclared(await session.Query<DeclaredJobType>().ToListAsync(ct));
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.JobTypeRefreshInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReloadAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Reloading the declared job types failed ({Error}); keeping the ones known", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
