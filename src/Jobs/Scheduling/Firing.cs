using Platform.Contracts.Jobs;
using Platform.Storage.Outcomes;

namespace Platform.Jobs.Scheduling;

public enum FiringOutcome
{
    Submitted,
    /// <summary>The job was not accepted: over the owner's quota, or no longer valid (<see cref="Firing.Submit"/> says which).</summary>
    Refused,
    OwnerDisabled,
    Paused,
    NotFound,
}

/// <summary>What submitting a schedule's job now came to: the schedule after it, and the submit's answer when there was one.</summary>
public sealed record Firing(FiringOutcome Outcome, OwnedSchedule? Schedule = null, Outcome<Job>? Submit = null);
