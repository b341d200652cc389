using Platform.Storage.Outcomes;

namespace Platform.Jobs.Credits;

/// <summary>Why credits stand in the way, worded as every caller sees it; the codes are what callers branch on.</summary>
public static class CreditRefusals
{
    public const string InsufficientCode = "insufficient_credits";
    public const string EndUserQueuedCode = "end_user_quota_reached";
    public const string EndUserCreditsCode = "end_user_credits_reached";

    public static Refusal Insufficient(long cost, long available) =>
        Refusal.PaymentRequired(InsufficientCode, "Not enough credits.",
            $"This may cost up to {cost} credits; {available} are available. Nothing was stored.")
        with { Figures = new Dictionary<string, object> { ["cost"] = cost, ["available"] = available } };

    public static Refusal EndUserQueued(string endUser, int max, long queued) =>
        Refusal.TooMany(EndUserQueuedCode, "Too many jobs queued for this end user.",
            $"End user '{endUser}' may have at most {max} jobs queued or running at once; {queued} are.")
        with { Figures = new Dictionary<string, object> { ["endUser"] = endUser } };

    public static Refusal EndUserCredits(string endUser, long perDay, long spent, long cost) =>
        Refusal.PaymentRequired(EndUserCreditsCode, "This end user's credits for today are spent.",
            $"End user '{endUser}' may spend at most {perDay} credits a day; {spent} are spent or held today and this may cost up to {cost}.")
        with { Figures = new Dictionary<string, object> { ["endUser"] = endUser, ["cost"] = cost, ["available"] = Math.Max(perDay - spent, 0) } };

    public static Refusal AdjustmentTooLarge(long amount, long available) =>
        Refusal.Conflict("credits_held", "The balance cannot go below what is held.",
            $"Taking {-amount} credits would leave less than is held for unfinished jobs; {available} are available.");

    public static Refusal NothingToRefund(Guid jobId, long refundable) =>
        Refusal.Conflict("refund_too_large", "The refund is more than the job paid.",
            $"Job {jobId} has {refundable} credits charged and not yet refunded.");
}
