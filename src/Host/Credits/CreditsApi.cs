using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Contracts.Organizations;
using Platform.Host.Jobs;
using Platform.Host.Organizations;
using Platform.Jobs;
using Platform.Jobs.Credits;
using Platform.Storage.Credits;

namespace Platform.Host.Credits;

/// <summary>
/// The caller's credits (or those of the organization they act for): the balance, the ledger that explains it, the
/// owner's limits per end user and low-balance threshold, and what a job would hold before it is submitted.
/// </summary>
public static class CreditsApi
{
    public const string Prefix = "/api/v1/credits";

    public static IEndpointRouteBuilder MapCreditsApi(this IEndpointRouteBuilder app)
    {
        var reads = app.MapApiGroup(Prefix, "Credits", Scopes.JobsRead);
        reads.MapGet("/", BalanceAsync)
            .Describe("GetCredits", "My balance: all of it, the part held for unfinished jobs, what is available, my credit settings and allowance");
        reads.MapGet("/ledger", LedgerAsync)
            .Describe("ListLedger", "My ledger, newest first: every grant, allowance, hold, charge, release, refund and adjustment; filter by kind, job, end user and time");
        reads.MapPost("/quote", QuoteAsync)
            .Describe("QuoteJob", "The most a job would cost if submitted now (the hold a submit places), and what is available; nothing is stored")
            .Accepts<SubmitJobRequest>("application/json");

        var writes = app.MapApiGroup(Prefix, "Credits", Scopes.JobsWrite);
        writes.MapPut("/settings", SetSettingsAsync)
            .Describe("SetCreditSettings", "Set my low-balance threshold and the limits each end user of mine keeps to (jobs queued, credits a day); an organization's are set by its admins")
            .Accepts<CreditSettings>("application/json");
        return app;
    }

    private static async Task<Ok<CreditBalance>> BalanceAsync(ClaimsPrincipal caller, CreditCommands credits, CancellationToken ct) =>
        TypedResults.Ok(await credits.BalanceAsync(caller.OwnerId(), caller.PlanOf(), ct));

    private static Task<Results<Ok<Page<LedgerEntry>>, ValidationProblem>> LedgerAsync(ClaimsPrincipal caller, CreditCommands credits,
        string? kind, Guid? jobId, string? endUser, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
        LedgerQuery.AnswerAsync(credits, caller.OwnerId(), caller.PlanOf(), new(kind, jobId, endUser, from, to, page, pageSize), ct);

    private static async Task<Results<Ok<CreditQuote>, ProblemHttpResult, ValidationProblem>> QuoteAsync(HttpRequest request, ClaimsPrincipal caller,
        JobCommands jobs, CreditCommands credits, CancellationToken ct) =>
        (await JsonBody.ReadThenAsync(request, async (SubmitJobRequest body) =>
        {
            var (submitted, errors) = await jobs.PrepareAsync(body, caller.OwnerId(), caller.SubmitterOf(), ct);
            if (submitted is null)
                return JobRefusals.JobNotAccepted(errors);
            var balance = await credits.BalanceAsync(caller.OwnerId(), caller.PlanOf(), ct);
            return (Outcome<CreditQuote>)new CreditQuote(JobCosts.MostFor(submitted.Price, submitted.Timeout, submitted.MaxAttempts), balance.Available,
                submitted.Price);
        }, ct)).Ok();

    private static async Task<Results<Ok<CreditBalance>, ProblemHttpResult, ValidationProblem>> SetSettingsAsync(HttpRequest request,
        ClaimsPrincipal caller, CreditCommands credits, CancellationToken ct)
    {
        if (caller.ActsBelow(OrganizationRole.Admin))
            return Answers.Problem(OrganizationRefusals.RoleRequired(OrganizationRole.Admin, "Members may not change the organization's credit settings."));
        return (await JsonBody.ReadThenAsync(request, (CreditSettings body) => credits.SetSettingsAsync(caller.OwnerId(), caller.PlanOf(), body, ct), ct)).Ok();
    }
}
