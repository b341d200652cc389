import { api, organizationsApi } from '../api.js';
import { h, onSubmit, table } from '../dom.js';
import { chosenOrganization, offerOwners, switchTo } from '../owner.js';
import { toast } from '../toasts.js';
import { showOrganization } from './organization-detail.js';

let view = null;

/**
 * The person's organizations with their role and member count, a new one, and at #/organizations/{id} that one's
 * members, invitations and settings as far as the person's role reaches.
 */
export const organizationsPage = {
  path: '/organizations',
  title: 'Organizations',
  admin: false,
  nested: true,
  show(container, { path }) {
    view = {
      list: h('div', {}, h('p', { className: 'muted' }, 'Reading your organizations…')),
      detail: h('div', { className: 'organization-detail' }),
      organizations: [],
      me: null,
    };
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'Organizations'),
      h('p', { className: 'muted' }, 'Teams that own jobs, files and schedules together. Choose one in the header to see and make its things.'),
      h('div', { className: 'columns' },
        h('section', { className: 'card', 'aria-labelledby': 'my-organizations-heading' }, h('h3', { id: 'my-organizations-heading' }, 'My organizations'), view.list),
        createForm()),
      view.detail);
    load(path);
  },
  update(params, path) {
    showChosen(path);
  },
  leave() {
    view = null;
  },
};

function createForm() {
  const name = h('input', { name: 'name', required: true, maxLength: 100, autocomplete: 'organization' });
  const errors = h('ul', { className: 'errors' });
  const create = h('button', { type: 'submit' }, 'Create organization');
  const form = h('form', { className: 'card', 'aria-labelledby': 'new-organization-heading' },
    h('h3', { id: 'new-organization-heading' }, 'New organization'),
    h('label', {}, 'Organization name ', name),
    h('p', { className: 'muted small' }, 'You become its owner, and may invite others with a role.'),
    errors,
    h('div', { className: 'actions' }, create));
  onSubmit(form, async () => {
    const organization = await organizationsApi.create(name.value.trim());
    form.reset();
    toast('Organization created', `${organization.name}: you are its owner.`, 'success');
    location.hash = `#/organizations/${organization.id}`;
    await load(`/organizations/${organization.id}`);
  });
  return form;
}

/** Reads the list again (after a change elsewhere on the page) and shows the organization of the path. */
export async function load(path) {
  const shown = view;
  try {
    const [organizations, me] = await Promise.all([organizationsApi.mine(), view.me ?? api('/api/v1/users/me')]);
    if (view !== shown) return;
    Object.assign(view, { organizations, me });
    offerOwners(organizations);
    draw();
    showChosen(path);
  } catch (error) {
    toast('Could not read your organizations', error.message, 'error');
  }
}

function draw() {
  const shownNow = chosenOrganization()?.id;
  view.list.replaceChildren(view.organizations.length === 0
    ? h('p', { className: 'muted' }, 'None yet: create one, or accept an invitation.')
    : table('My organizations', ['Name', 'My role', 'Members', 'Shown in the header'], view.organizations.map((organization) =>
      h('tr', { dataset: { organizationId: organization.id } },
        h('th', { scope: 'row' }, h('a', { href: `#/organizations/${organization.id}` }, organization.name)),
        h('td', {}, organization.role),
        h('td', { className: 'number' }, String(organization.members)),
        h('td', { className: 'row-actions' }, organization.id === shownNow
          ? h('span', { className: 'muted' }, 'shown now')
          : h('button', { type: 'button', className: 'secondary', ariaLabel: `Show its things: ${organization.name}`, onclick: () => switchTo(organization, '/jobs') }, 'Show its things'))))));
}

function showChosen(path) {
  const id = /^\/organizations\/([0-9a-f-]{36})$/.exec(path)?.[1];
  const organization = view.organizations.find((each) => each.id === id);
  if (!organization) {
    view.detail.replaceChildren(id ? h('p', { className: 'card' }, 'That organization is not one of yours.') : '');
    return;
  }
  showOrganization(view.detail, organization, view.me, () => load(path));
}
