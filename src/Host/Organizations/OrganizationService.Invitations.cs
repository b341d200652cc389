using Marten;
using JasperFx;
using Platform.Contracts.Organizations;
using Platform.Host.Mail;
using Platform.Storage.Accounts;
using Platform.Storage.Mail;
using Platform.Storage.Organizations;

namespace Platform.Host.Organizations;

// Invitations: admins invite an address with a role; the person with that address accepts once, before it expires.
public sealed partial class OrganizationService
{
    public async Task<Outcome<Invitation>> InviteAsync(Guid userId, Guid organizationId, InviteRequest request, CancellationToken ct)
    {
        var role = request.Role ?? OrganizationRole.Member;
        await using var documents = store.LightweightSession();
        if (await LoadVisibleAsync(documents, organizationId, userId, ct) is not var (organization, actor))
            return OrganizationRefusals.NotFound();
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254 || !SignIns.IsEmail(request.Email))
            return Refusal.Invalid("email", "is not an e-mail address.");
        var needed = role == OrganizationRole.Owner ? OrganizationRole.Owner : OrganizationRole.Admin;
        if (!actor.AtLeast(needed))
            return OrganizationRefusals.RoleRequired(needed, "invite people");
        var email = UserAccount.Normalize(request.Email);
        var pending = await documents.Query<InvitationRecord>().Where(i => i.OrganizationId == organizationId).ToListAsync(ct);
        if (await documents.Query<UserAccount>().FirstOrDefaultAsync(user => user.NormalizedEmail == email, ct) is { } invited
            && organization.MemberOf(invited.Id) is not null)
            return Refusal.Conflict("already_member", "This person is already a member.", $"{request.Email.Trim()} belongs to the organization.");
        var replaced = pending.Where(i => i.NormalizedEmail == email).ToList();
        if (organization.Members.Count + pending.Count - replaced.Count >= options.MaxMembers)
            return OrganizationRefusals.Full($"Members and pending invitations together may not pass Organizations:MaxMembers ({options.MaxMembers}).");
        if (pending.Count - replaced.Count >= options.MaxPendingInvitations)
            return OrganizationRefusals.Full($"{options.MaxPendingInvitations} invitations wait already, the most Organizations:MaxPendingInvitations allows.");
        var token = Secrets.NewRandom();
        var now = clock.GetUtcNow();
        var invitation = new InvitationRecord
        {
            Id = Guid.NewGuid(), OrganizationId = organizationId, Email = request.Email.Trim(), NormalizedEmail = email, Role = role,
            TokenHash = Secrets.Hash(token), InvitedBy = userId, CreatedAt = now, ExpiresAt = now + options.InvitationLifetime,
        };
        // Inviting an address again replaces its invitation: only the newest link works.
        foreach (var old in replaced)
            documents.Delete(old);
        documents.Insert(invitation);
        // Queued with the invitation, so it is mailed exactly when the invitation exists.
        MailOutbox.Enqueue(documents, InvitationMail(invitation, organization.Name, links.To(AcceptPage, new Dictionary<string, string> { ["token"] = token })));
        await documents.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.OrganizationInvited, userId, null, succeeded: true,
            $"organization {organizationId}: invited {invitation.Email} as {role}");
        return invitation.ToContract(token);
    }

    /// <summary>The dashboard's page an invitation's link opens.</summary>
    public const string AcceptPage = "/invitations/accept";

    private static OutgoingMail InvitationMail(InvitationRecord invitation, string organization, string link) =>
        new(invitation.Email, $"You are invited to join {organization} on Platform", $"""
            You are invited to join the organization {organization} on Platform as {invitation.Role.ToString().ToLowerInvariant()}.

            To accept, sign in (or register) with this address, {invitation.Email}, and open this link before {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC:

            {link}

            The link works once. If you do not know why you got this, ignore this mail.
            """);

    /// <summary>The invitations still waiting, newest first; admins and owners see them.</summary>
    public async Task<Outcome<IReadOnlyList<Invitation>>> InvitationsAsync(Guid userId, Guid organizationId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        if ((await ActorAsync(documents, organizationId, userId, OrganizationRole.Admin, "see invitations", ct)).Refusal is { } refusal)
            return refusal;
        var now = clock.GetUtcNow();
        var pending = await documents.Query<InvitationRecord>().Where(i => i.OrganizationId == organizationId).ToListAsync(ct);
        return pending.Where(i => i.ExpiresAt > now).OrderByDescending(i => i.CreatedAt).Select(i => i.ToContract()).ToList();
    }

    public async Task<Outcome<bool>> WithdrawAsync(Guid userId, Guid organizationId, Guid invitationId, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        if ((await ActorAsync(documents, organizationId, userId, OrganizationRole.Admin, "withdraw invitations", ct)).Refusal is { } refusal)
            return refusal;
        if (await documents.LoadAsync<InvitationRecord>(invitationId, ct) is not { } invitation || invitation.OrganizationId != organizationId)
            return Refusal.NotFound("Invitation not found.", "invitation_not_found");
        documents.Delete(invitation);
        await documents.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.OrganizationInvitationWithdrawn, userId, null, succeeded: true,
            $"organization {organizationId}: withdrew the invitation of {invitation.Email}");
        return true;
    }

    /// <summary>The signed-in person whose address was invited joins with the invited role; the token then works no more.</summary>
    public async Task<Outcome<Organization>> AcceptAsync(Guid userId, AcceptInvitationRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > 200)
            return OrganizationRefusals.InvitationInvalid();
        await using var documents = store.LightweightSession();
        var hash = Secrets.Hash(request.Token.Trim());
        if (await documents.Query<InvitationRecord>().FirstOrDefaultAsync(i => i.TokenHash == hash, ct) is not { } invitation
            || invitation.ExpiresAt <= clock.GetUtcNow())
            return OrganizationRefusals.InvitationInvalid();
        if (await documents.LoadAsync<UserAccount>(userId, ct) is not { } person || person.NormalizedEmail != invitation.NormalizedEmail)
            return Refusal.Forbidden("invitation_for_another_address", "This invitation is for another e-mail address.",
                "Sign in with the invited address to accept it.");
        if (await documents.LoadAsync<OrganizationRecord>(invitation.OrganizationId, ct) is not { Disabled: false } organization)
            return OrganizationRefusals.InvitationInvalid();
        if (organization.MemberOf(userId) is null)
        {
            if (await JoinsTooManyAsync(documents, userId, ct) is { } tooMany)
                return tooMany;
            organization.Members.Add(new MembershipRecord(userId, invitation.Role, clock.GetUtcNow()));
            documents.Update(organization);
        }
        documents.Delete(invitation);
        try
        {
            await documents.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            return Refusal.Conflict("organization_changed", "The organization changed while joining it.", "Accept the invitation again.");
        }
        await accounts.ForgetOrganizationAsync(organization.Id);
        await audit.RecordAsync(AuditActions.OrganizationJoined, userId, userId, succeeded: true,
            $"organization {organization.Id}: joined as {invitation.Role} by the invitation of {invitation.Email}");
        return ToContract(organization, userId);
    }
}
