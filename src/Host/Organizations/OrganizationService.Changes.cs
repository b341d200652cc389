using Marten;
using JasperFx;
using Platform.Contracts.Organizations;
using Platform.Storage.Organizations;

namespace Platform.Host.Organizations;

// One way to change an organization: load it, check the caller's role, apply, save unless someone else changed it first.
public sealed partial class OrganizationService
{
    private delegate Outcome<(T Value, EndedAccess? Ended)> Change<T>(OrganizationRecord organization, MembershipRecord actor);

    private async Task<Outcome<T>> ChangeAsync<T>(Guid userId, Guid organizationId, OrganizationRole needed, string action, Change<T> change,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var documents = store.LightweightSession();
            var found = await ActorAsync(documents, organizationId, userId, needed, action, ct);
            if (found.Refusal is { } refusal)
                return refusal;
            var (organization, actor) = found.Value;
            var outcome = change(organization, actor);
            if (outcome.Refusal is { } refused)
                return refused;
            documents.Update(organization);
            try
            {
                await documents.SaveChangesAsync(ct);
            }
            catch (ConcurrencyException) when (attempt < 3)
            {
                continue; // another change landed between the load and the save: decide again on what is there now
            }
            await accounts.ForgetOrganizationAsync(organizationId, outcome.Value.Ended);
            return outcome.Value.Value;
        }
    }
}
