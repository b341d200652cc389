using Platform.Contracts.Schedules;

namespace Platform.Jobs.Scheduling;

/// <summary>A schedule and whose it is: the owner sees the <see cref="Schedule"/>, an admin's actions are recorded against the owner.</summary>
public sealed record OwnedSchedule(string OwnerId, Schedule Schedule);
