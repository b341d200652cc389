using Platform.Contracts.Credits;
using Platform.Contracts.Jobs;
using Platform.Host.Accounts;
using Platform.Jobs.Credits;
using Platform.Storage.Credits;

namespace Platform.Host.Credits;

/// <summary>Credits for admins: any owner's balance and ledger, grants, adjustments and refunds (each in the ledger and the audit log), and the ledger's check.</summary>
public static class AdminCreditsApi
{
    public static RouteGroupBuilder MapAdminCreditsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/credits/check", CheckAsync)
            .Describe("AdminCheckLedger", "Sum every owner's ledger entries again and list each balance they do not add up to (there should be none)");
        admin.MapGet("/credits/{ownerId}", BalanceAsync)
            .Describe("AdminGetCredits", "An owner's balance (a user's or an organization's)");
        admin.MapGet("/credits/{ownerId}/ledger", LedgerAsync)
            .Describe("AdminListLedger", "An owner's ledger, newest first, with the same filters as ListLedger");
        admin.MapPost("/credits/{ownerId}/grants", GrantAsync)
            .Describe("AdminGrantCredits", "Grant an owner credits, with a reason")
            .Accepts<CreditChangeRequest>("application/json");
        admin.MapPost("/credits/{ownerId}/adjustments", AdjustAsync)
            .Describe("AdminAdjustCredits", "Add or take an owner's credits, with a reason; never below what is held (409 credits_held)")
            .Accepts<CreditChangeRequest>("application/json");
        admin.MapPost("/credits/refunds", RefundAsync)
            .Describe("AdminRefundJob", "Give back what a job was charged, all of it or an amount, with a reason")
            .Accepts<RefundRequest>("application/json");
        admin.MapAdminUsage();
        return admin;
    }

    private static async Task<Ok<LedgerCheck>> CheckAsync(CreditCommands credits, string? owner, CancellationToken ct) =>
        TypedResults.Ok(await credits.CheckAsync(owner, ct));

    private static async Task<Ok<CreditBalance>> BalanceAsync(string ownerId, CreditCommands credits, CancellationToken ct) =>
        TypedResults.Ok(await credits.BalanceAsync(ownerId, plan: null, ct));

    private static Task<Results<Ok<Page<LedgerEntry>>, ValidationProblem>> LedgerAsync(string ownerId, CreditCommands credits,
        string? kind, Guid? jobId, string? endUser, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken ct) =>
        LedgerQuery.AnswerAsync(credits, ownerId, plan: null, new(kind, jobId, endUser, from, to, page, pageSize), ct);

    private static Task<Results<Ok<LedgerEntry>, ProblemHttpResult, ValidationProblem>> GrantAsync(string ownerId, HttpRequest request,
        ClaimsPrincipal caller, CreditCommands credits, AuditLog audit, CancellationToken ct) =>
        ChangeAsync(ownerId, LedgerKinds.Grant, AuditActions.CreditsGranted, request, caller, credits, audit, ct);

    private static Task<Results<Ok<LedgerEntry>, ProblemHttpResult, ValidationProblem>> AdjustAsync(string ownerId, HttpRequest request,
        ClaimsPrincipal caller, CreditCommands credits, AuditLog audit, CancellationToken ct) =>
        ChangeAsync(ownerId, LedgerKinds.Adjustment, AuditActions.CreditsAdjusted, request, caller, credits, audit, ct);

    private static async Task<Results<Ok<LedgerEntry>, ProblemHttpResult, ValidationProblem>> ChangeAsync(string ownerId, string kind, string action,
        HttpRequest request, ClaimsPrincipal caller, CreditCommands credits, AuditLog audit, CancellationToken ct)
    {
        var actor = caller.UserIdOf();
        var outcome = await JsonBody.ReadThenAsync(request, (CreditChangeRequest body) => credits.ChangeAsync(ownerId, kind, body, actor.ToString(), ct), ct);
        if (outcome.Succeeded)
            await audit.RecordAsync(action, actor, Guid.TryParse(ownerId, out var subject) ? subject : null, true,
                $"{outcome.Value.Amount} credits: {outcome.Value.Reason}");
        return outcome.Ok();
    }

    private static async Task<Results<Ok<LedgerEntry>, ProblemHttpResult, ValidationProblem>> RefundAsync(HttpRequest request, ClaimsPrincipal caller,
        CreditCommands credits, AuditLog audit, CancellationToken ct)
    {
        var actor = caller.UserIdOf();
        var outcome = await JsonBody.ReadThenAsync(request, (RefundRequest body) => credits.RefundAsync(body, actor.ToString(), ct), ct);
        if (outcome.Succeeded)
            await audit.RecordAsync(AuditActions.CreditsRefunded, actor, outcome.Value.JobId, true, $"{outcome.Value.Amount} credits: {outcome.Value.Reason}");
        return outcome.Ok();
    }
}
