using Platform.Contracts.Schedules;

namespace Platform.Contracts.Admin;

/// <summary>A user's schedule as admins see it: whose it is, and the schedule as its owner sees it.</summary>
public sealed record AdminSchedule(Guid OwnerId, string OwnerEmail, Schedule Schedule);
