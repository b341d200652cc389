using Marten;
using Platform.Contracts.Admin;
using Platform.Contracts.Jobs;
using Platform.Jobs.Scheduling;
using Platform.Storage.Accounts;

namespace Platform.Host.Schedules;

/// <summary>
/// Every user's schedules as admins act on them: each act is the owner's schedule acted on, recorded against the owner,
/// and each schedule is shown with its owner's e-mail.
/// </summary>
public sealed class ScheduleAdministration(RecurringJobs schedules, IQuerySession documents, AuditLog audit)
{
    public async Task<Page<AdminSchedule>> ListAsync(Guid? owner, string? search, int page, int pageSize, CancellationToken ct)
    {
        var found = await schedules.ListPageAsync(owner?.ToString(), search, page, pageSize, ct);
        var emails = await EmailsAsync(found.Items, ct);
        return new Page<AdminSchedule>(found.Items.Select(s => ToAdminSchedule(s, emails)).ToList(), found.Total, found.PageNumber, found.PageSize);
    }

    /// <summary>Submits the schedule's job now, paused or not, as its owner and within the owner's quota.</summary>
    public async Task<Outcome<Job>> TriggerAsync(Guid adminId, Guid id, CancellationToken ct)
    {
        var firing = await schedules.TriggerAsync(id, ownerId: null, ct);
        if (firing.Refusal is { } notFound)
            return notFound;
        var (owned, submitted) = firing.Value;
        var result = submitted.Succeeded ? $"job {submitted.Value.Id}" : submitted.Refusal!.Title;
        await audit.RecordAsync(AuditActions.ScheduleTriggered, adminId, OwnerIdOf(owned), submitted.Succeeded, $"{Describe(owned)}: {result}");
        return submitted;
    }

    public async Task<Outcome<AdminSchedule>> PauseAsync(Guid adminId, Guid id, CancellationToken ct) =>
        await AsAdminSeesAsync(await RecordedAsync(adminId, AuditActions.SchedulePaused, await schedules.PauseAsync(id, ownerId: null, ct)), ct);

    public async Task<Outcome<AdminSchedule>> ResumeAsync(Guid adminId, Guid id, CancellationToken ct) =>
        await AsAdminSeesAsync(await RecordedAsync(adminId, AuditActions.ScheduleResumed, await schedules.ResumeAsync(id, ownerId: null, ct)), ct);

    public async Task<Outcome<OwnedSchedule>> DeleteAsync(Guid adminId, Guid id, CancellationToken ct) =>
        await RecordedAsync(adminId, AuditActions.ScheduleDeleted, await schedules.DeleteAsync(id, ownerId: null, ct));

    // Records what was done to the schedule, if there was one.
    private async Task<Outcome<OwnedSchedule>> RecordedAsync(Guid adminId, string action, Outcome<OwnedSchedule> changed)
    {
        if (changed.Succeeded)
            await audit.RecordAsync(action, adminId, OwnerIdOf(changed.Value), succeeded: true, Describe(changed.Value));
        return changed;
    }

    private async Task<Outcome<AdminSchedule>> AsAdminSeesAsync(Outcome<OwnedSchedule> owned, CancellationToken ct) =>
        owned.Refusal ?? (Outcome<AdminSchedule>)ToAdminSchedule(owned.Value, await EmailsAsync([owned.Value], ct));

    private async Task<IReadOnlyDictionary<Guid, string>> EmailsAsync(IEnumerable<OwnedSchedule> owned, CancellationToken ct)
    {
        var owners = await documents.LoadManyAsync<UserAccount>(ct, owned.Select(OwnerIdOf).Distinct().ToArray());
        return owners.ToDictionary(owner => owner.Id, owner => owner.Email);
    }

    // Users are disabled, never deleted; should an owner's account be gone all the same, the list still answers.
    private static AdminSchedule ToAdminSchedule(OwnedSchedule owned, IReadOnlyDictionary<Guid, string> emails) =>
        new(OwnerIdOf(owned), emails.GetValueOrDefault(OwnerIdOf(owned), ""), owned.Schedule);

    // Schedules are created by signed-in users, whose owner id is their user id.
    private static Guid OwnerIdOf(OwnedSchedule owned) => Guid.Parse(owned.OwnerId);

    private static string Describe(OwnedSchedule owned) => $"schedule {owned.Schedule.Id} \"{owned.Schedule.Name}\"";
}
