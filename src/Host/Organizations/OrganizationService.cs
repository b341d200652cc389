using Marten;
using Platform.Host.Mail;
using Platform.Contracts.Organizations;
using Platform.Storage.Organizations;
using Platform.Storage.Queue;
using Platform.Storage.Schedules;

namespace Platform.Host.Organizations;

/// <summary>
/// Organizations and their members, for REST alike for every caller: <c>userId</c> is the person asking, and a
/// non-member is answered as if the organization did not exist. A change that takes something from a member ends
/// it on every host through <see cref="AccountCache"/>.
/// </summary>
public sealed partial class OrganizationService(IDocumentStore store, AccountCache accounts, ApiKeys keys, JobQueue queue, AuditLog audit,
    OrganizationsOptions options, DashboardLinks links, TimeProvider clock)
{
    public async Task<Outcome<Organization>> CreateAsync(Guid userId, OrganizationRequest request, CancellationToken ct)
    {
        if (NameProblem(request.Name) is { } invalid)
            return invalid;
        await using var documents = store.LightweightSession();
        if (await JoinsTooManyAsync(documents, userId, ct) is { } tooMany)
            return tooMany;
        var now = clock.GetUtcNow();
        var organization = new OrganizationRecord
        {
            Id = Guid.NewGuid(), Name = request.Name.Trim(), CreatedAt = now, Members = [new MembershipRecord(userId, OrganizationRole.Owner, now)],
        };
        documents.Insert(organization);
        await documents.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.OrganizationCreated, userId, userId, succeeded: true, $"organization {organization.Id} ({organization.Name})");
        return ToContract(organization, userId);
    }

    public async Task<IReadOnlyList<Organization>> ListMineAsync(Guid userId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        var mine = await documents.Query<OrganizationRecord>()
            .Where(o => !o.Disabled && o.Members.Any(m => m.UserId == userId))
            .OrderBy(o => o.Name)
            .ToListAsync(ct);
        return mine.Select(o => ToContract(o, userId)).ToList();
    }

    public async Task<Outcome<Organization>> GetAsync(Guid userId, Guid organizationId, CancellationToken ct) =>
        await accounts.OrganizationAsync(organizationId, ct) is { Disabled: false } organization && organization.MemberOf(userId) is not null
            ? ToContract(organization, userId)
            : OrganizationRefusals.NotFound();

    public Task<Outcome<Organization>> RenameAsync(Guid userId, Guid organizationId, OrganizationRequest request, CancellationToken ct) =>
        ChangeAsync<Organization>(userId, organizationId, OrganizationRole.Admin, "rename the organization", (organization, _) =>
        {
            if (NameProblem(request.Name) is { } invalid)
                return invalid;
            organization.Name = request.Name.Trim();
            return (ToContract(organization, userId), (EndedAccess?)null);
        }, ct);

    /// <summary>Owners delete an organization that has nothing queued or running and no schedules; its finished work goes with it out of reach.</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid userId, Guid organizationId, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        var found = await ActorAsync(documents, organizationId, userId, OrganizationRole.Owner, "delete the organization", ct);
        if (found.Refusal is { } refusal)
            return refusal;
        var organization = found.Value.Organization;
        if (await DeleteIdleAsync(documents, organization, ct) is { } refused)
            return refused;
        await audit.RecordAsync(AuditActions.OrganizationDeleted, userId, userId, succeeded: true, $"organization {organizationId} ({organization.Name})");
        return true;
    }

    /// <summary>Deletes an organization unless work of its is unfinished; what its members opened as it closes on every host.</summary>
    internal async Task<Refusal?> DeleteIdleAsync(IDocumentSession documents, OrganizationRecord organization, CancellationToken ct)
    {
        if (await BusyBecauseAsync(documents, organization.Id, ct) is { } busy)
            return OrganizationRefusals.Busy(busy);
        documents.Delete(organization);
        documents.DeleteWhere<InvitationRecord>(invitation => invitation.OrganizationId == organization.Id);
        await documents.SaveChangesAsync(ct);
        await accounts.ForgetOrganizationAsync(organization.Id, EndedAccess.Organization(organization.Id));
        return null;
    }

    private async Task<string?> BusyBecauseAsync(IQuerySession documents, Guid organizationId, CancellationToken ct)
    {
        var owner = organizationId.ToString();
        if (await queue.CountOwnedAsync(owner, atMost: 1, ct) > 0)
            return "It has jobs queued or running: cancel them or let them finish first.";
        if (await documents.Query<JobSchedule>().AnyAsync(schedule => schedule.OwnerId == owner, ct))
            return "It has schedules: delete them first.";
        return null;
    }

    private static Refusal? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100 ? Refusal.Invalid("name", "must be 1 to 100 characters.") : null;

    // Organizations:MaxPerUser counts every organization a person belongs to, those they created included.
    private async Task<Refusal?> JoinsTooManyAsync(IQuerySession documents, Guid userId, CancellationToken ct) =>
        await documents.Query<OrganizationRecord>().CountAsync(o => o.Members.Any(m => m.UserId == userId), ct) >= options.MaxPerUser
            ? OrganizationRefusals.Full($"You belong to {options.MaxPerUser} organizations, the most Organizations:MaxPerUser allows.")
            : null;

    /// <summary>The organization and the caller in it, if they may <paramref name="action"/>: not found for a non-member, forbidden below <paramref name="needed"/>.</summary>
    private static async Task<Outcome<(OrganizationRecord Organization, MembershipRecord Actor)>> ActorAsync(IQuerySession documents, Guid organizationId,
        Guid userId, OrganizationRole needed, string action, CancellationToken ct)
    {
        if (await LoadVisibleAsync(documents, organizationId, userId, ct) is not var (organization, actor))
            return OrganizationRefusals.NotFound();
        return actor.AtLeast(needed) ? (organization, actor) : OrganizationRefusals.RoleRequired(needed, action);
    }

    private static async Task<(OrganizationRecord Organization, MembershipRecord Member)?> LoadVisibleAsync(IQuerySession documents,
        Guid organizationId, Guid userId, CancellationToken ct) =>
        await documents.LoadAsync<OrganizationRecord>(organizationId, ct) is { Disabled: false } organization && organization.MemberOf(userId) is { } member
            ? (organization, member)
            : null;

    private static Organization ToContract(OrganizationRecord organization, Guid userId) =>
        new(organization.Id, organization.Name, organization.MemberOf(userId)!.Role, organization.Members.Count, organization.CreatedAt);
}
