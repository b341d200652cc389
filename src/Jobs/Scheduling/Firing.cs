using Platform.Contracts.Jobs;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Scheduling;

/// <summary>What submitting a schedule's job now came to: the schedule after it, and the job it submitted or why it submitted none.</summary>
public sealed record Firing(OwnedSchedule Schedule, Outcome<Job> Submitted)
{
    internal static readonly Refusal OwnerDisabled = Refusal.Conflict("owner_disabled", "The schedule's owner is disabled.",
        "A disabled user's schedules submit nothing; enable the user first.");

    // Only the cron's own firings skip a paused schedule; an operator's trigger submits all the same.
    internal static readonly Refusal Paused = Refusal.Conflict("schedule_paused", "The schedule is paused.");

    /// <summary>Why the owner's submit took nothing: over the owner's quota or credits (as a submit says it), or a job no longer valid.</summary>
    internal static Refusal Refused(Refusal submit) => submit.Kind is RefusalKind.TooMany or RefusalKind.PaymentRequired
        ? submit
        : Refusal.Conflict("schedule_job_invalid", "The schedule's job is no longer accepted.", submit.Reason);
}
