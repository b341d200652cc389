import { organizationsApi } from '../api.js';
import { actionButton, copyRow, h, onSubmit, table } from '../dom.js';
import { formatDateTime } from '../format.js';
import { chosenOrganization, switchTo } from '../owner.js';
import { toast } from '../toasts.js';

const roles = ['viewer', 'member', 'admin', 'owner'];
const atLeast = (role, wanted) => roles.indexOf(role) >= roles.indexOf(wanted);

/**
 * One organization: its members (admins change roles and remove; anyone leaves), pending invitations (admins invite
 * and withdraw; a new one's link is shown once), and for owners rename and delete. changed() reads everything again.
 */
export function showOrganization(container, organization, me, changed) {
  const members = h('div', {}, h('p', { className: 'muted' }, 'Reading its members…'));
  const invitations = h('div', {}, h('p', { className: 'muted' }, 'Reading its invitations…'));
  const link = h('div', { className: 'secret-slot' });
  const managing = atLeast(organization.role, 'admin');
  container.replaceChildren(h('section', { className: 'card', 'aria-labelledby': 'organization-heading' },
    h('h3', { id: 'organization-heading' }, organization.name),
    h('p', { className: 'muted' }, `You are ${organization.role === 'admin' || organization.role === 'owner' ? 'an' : 'a'} ${organization.role} here.`),
    h('h4', {}, 'Members'),
    members,
    managing && [h('h4', {}, 'Invitations'), link, invitations],
    organization.role === 'owner' && settings(organization, changed)));
  const context = { organization, me, changed, members, invitations };
  showMembers(context);
  if (managing) {
    invitations.after(inviteForm(context, link));
    showInvitations(context);
  }
}

async function showMembers(context) {
  const { organization, me, members } = context;
  const list = await readInto(members, () => organizationsApi.members(organization.id));
  if (!list) return;
  // An organization keeps an owner: its only one cannot leave, and is told how ownership passes on instead.
  const onlyOwner = list.filter((member) => member.role === 'owner').length === 1;
  members.replaceChildren(table(`Members of ${organization.name}`, ['Member', 'Role', 'Since', 'Actions'], list.map((member) => {
    const mine = member.userId === me.id;
    const mayLeave = mine && !(onlyOwner && member.role === 'owner');
    // Only an owner makes or unmakes owners; the server refuses anything else anyway.
    const changeable = !mine && atLeast(organization.role, 'admin') && (organization.role === 'owner' || member.role !== 'owner');
    return h('tr', { dataset: { userId: member.userId, role: member.role } },
      h('th', { scope: 'row' }, member.displayName, ' ', h('span', { className: 'muted small' }, member.email)),
      h('td', {}, changeable ? roleSelect(context, member) : member.role),
      h('td', {}, formatDateTime(member.since)),
      h('td', { className: 'row-actions' },
        mine && !mayLeave && h('span', { className: 'muted small' }, 'the only owner: make another before leaving'),
        mayLeave && actionButton('Leave', () => leave(context), { className: 'danger', ariaLabel: `Leave ${organization.name}` }),
        changeable && actionButton('Remove', async () => {
          if (!confirm(`Remove ${member.displayName} from ${organization.name}? They lose its things at once.`)) return;
          await organizationsApi.removeMember(organization.id, member.userId);
          toast('Member removed', `${member.displayName} is no longer a member of ${organization.name}.`, 'success');
          context.changed();
        }, { className: 'danger', ariaLabel: `Remove ${member.displayName}` })));
  })));
}

function roleSelect(context, member) {
  const offered = context.organization.role === 'owner' ? roles : roles.filter((role) => role !== 'owner');
  const select = h('select', { ariaLabel: `Role of ${member.displayName}` }, ...offered.map((role) => h('option', { value: role, selected: role === member.role }, role)));
  select.addEventListener('change', async () => {
    select.disabled = true;
    try {
      await organizationsApi.changeRole(context.organization.id, member.userId, select.value);
      toast('Role changed', `${member.displayName} is now ${select.value}.`, 'success');
    } catch (error) {
      select.value = member.role;
      toast('Could not change the role', error.message, 'error');
    } finally {
      select.disabled = false;
    }
  });
  return select;
}

async function leave({ organization, me }) {
  if (!confirm(`Leave ${organization.name}? You lose its things at once.`)) return;
  await organizationsApi.removeMember(organization.id, me.id);
  gone(organization, `You left ${organization.name}.`);
}

// Once the person is no longer in it (left, or deleted it): the page stops acting for it if it did.
function gone(organization, words) {
  toast(words, '', 'success');
  if (chosenOrganization()?.id === organization.id) switchTo(null, '/organizations');
  else location.hash = '#/organizations';
}

async function showInvitations(context) {
  const { organization, invitations } = context;
  const list = await readInto(invitations, () => organizationsApi.invitations(organization.id));
  if (!list) return;
  invitations.replaceChildren(list.length === 0
    ? h('p', { className: 'muted' }, 'No pending invitations.')
    : table(`Pending invitations to ${organization.name}`, ['E-mail', 'Role', 'Expires', 'Actions'], list.map((invitation) =>
      h('tr', { dataset: { invitationId: invitation.id } },
        h('th', { scope: 'row' }, invitation.email),
        h('td', {}, invitation.role),
        h('td', {}, formatDateTime(invitation.expiresAt)),
        h('td', { className: 'row-actions' }, actionButton('Withdraw', async () => {
          await organizationsApi.withdraw(organization.id, invitation.id);
          toast('Invitation withdrawn', invitation.email, 'success');
          showInvitations(context);
        }, { className: 'danger', ariaLabel: `Withdraw the invitation of ${invitation.email}` }))))));
}

function inviteForm(context, link) {
  const { organization } = context;
  const email = h('input', { name: 'email', type: 'email', required: true, autocomplete: 'off' });
  const offered = organization.role === 'owner' ? roles : roles.filter((role) => role !== 'owner');
  const role = h('select', { name: 'role' }, ...offered.map((each) => h('option', { value: each, selected: each === 'member' }, each)));
  const errors = h('ul', { className: 'errors' });
  const invite = h('button', { type: 'submit' }, 'Invite');
  const form = h('form', { className: 'invite-form', 'aria-label': `Invite someone to ${organization.name}` },
    h('div', { className: 'invite-fields' }, h('label', {}, 'E-mail to invite ', email), h('label', {}, 'Role ', role)),
    errors,
    h('div', { className: 'actions' }, invite));
  onSubmit(form, async () => {
    const invitation = await organizationsApi.invite(organization.id, email.value.trim(), role.value);
    form.reset();
    await showInvitations(context);
    showLink(link, invitation);
  });
  return form;
}

// The token is in this answer only: the link is shown once, to copy and send to the invited person.
function showLink(slot, invitation) {
  const address = `${location.origin}/#/invitations/accept?token=${encodeURIComponent(invitation.token)}`;
  const { row, field } = copyRow(address, `Invitation link for ${invitation.email}`);
  slot.replaceChildren(h('section', { className: 'card secret-card', role: 'alert' },
    h('p', {}, h('strong', {}, `${invitation.email} is invited as ${invitation.role}.`), ' Send them this link: it is shown this once, and works for their account only.'),
    row,
    h('div', { className: 'actions' }, h('button', { type: 'button', className: 'secondary', onclick: () => slot.replaceChildren() }, 'I have sent it'))));
  field.focus();
  field.select();
}

function settings(organization, changed) {
  const name = h('input', { name: 'name', required: true, maxLength: 100, value: organization.name });
  const errors = h('ul', { className: 'errors' });
  const form = h('form', { className: 'rename-form', 'aria-label': `Rename ${organization.name}` },
    h('label', {}, 'New name ', name),
    errors,
    h('div', { className: 'actions' },
      h('button', { type: 'submit' }, 'Rename'),
      actionButton('Delete organization', async () => {
        if (!confirm(`Delete ${organization.name}? Its jobs, files and schedules go with it.`)) return;
        await organizationsApi.remove(organization.id);
        gone(organization, `${organization.name} was deleted.`);
      }, { className: 'danger' })));
  onSubmit(form, async () => {
    await organizationsApi.rename(organization.id, name.value.trim());
    toast('Organization renamed', name.value.trim(), 'success');
    changed();
  });
  return [h('h4', {}, 'Settings'), form];
}

// What read() answers, or null with the reason said where the list would be.
async function readInto(place, read) {
  try {
    return await read();
  } catch (error) {
    place.replaceChildren(h('p', { className: 'error-text' }, error.message));
    return null;
  }
}
