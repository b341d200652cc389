import { adminApi } from '../api.js';
import { actionButton, h, shortId, table } from '../dom.js';
import { formatDateTime, formatRelative } from '../format.js';
import { linkTo } from '../router.js';
import { toast } from '../toasts.js';
import { creditGrantPanel } from './admin-credit-grant.js';

let view = null;

/** Users (search, disable or enable, role, grant credits), the audit log with its filters, and the broadcast form. */
export const usersPage = {
  path: '/admin/users',
  title: 'Users',
  admin: true,
  show(container, { params }) {
    view = { params, users: h('div', {}), audit: h('div', {}), auditPage: 0, auditEntries: [], auditTotal: 0, grant: creditGrantPanel(() => loadAudit(1)) };
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'Users'),
      h('section', { className: 'card', 'aria-labelledby': 'users-heading' }, h('h3', { id: 'users-heading' }, 'Users'), searchForm(params), view.grant.panel, view.users),
      h('div', { className: 'columns' },
        h('section', { className: 'card', 'aria-labelledby': 'audit-heading' }, h('h3', { id: 'audit-heading' }, 'Audit log'), auditForm(params), view.audit),
        h('section', { className: 'card', 'aria-labelledby': 'broadcast-heading' }, h('h3', { id: 'broadcast-heading' }, 'Broadcast'), broadcastForm())));
    loadUsers();
    loadAudit(1);
  },
  update(params) {
    view.params = params;
    loadUsers();
    loadAudit(1);
  },
  leave() {
    view = null;
  },
};

function searchForm(params) {
  const search = h('input', { name: 'search', type: 'search', value: params.get('search') ?? '', placeholder: 'e-mail or name' });
  const form = h('form', { className: 'toolbar', role: 'search' }, h('label', {}, 'Find a user ', search), h('button', { type: 'submit', className: 'secondary' }, 'Find'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = linkTo('/admin/users', { ...Object.fromEntries(view.params), search: search.value.trim() });
  });
  return form;
}

function auditForm(params) {
  const action = h('input', { name: 'action', value: params.get('action') ?? '', placeholder: 'e.g. user.disabled' });
  const user = h('input', { name: 'user', value: params.get('user') ?? '', placeholder: 'user id' });
  const form = h('form', { className: 'toolbar' }, h('label', {}, 'Action ', action), h('label', {}, 'User ', user), h('button', { type: 'submit', className: 'secondary' }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = linkTo('/admin/users', { ...Object.fromEntries(view.params), action: action.value.trim(), user: user.value.trim() });
  });
  return form;
}

function broadcastForm() {
  const title = h('input', { name: 'title', required: true, maxLength: 200 });
  const message = h('textarea', { name: 'message', required: true, maxLength: 4000, rows: 3 });
  const send = h('button', { type: 'submit' }, 'Send to everyone');
  const form = h('form', {}, h('label', {}, 'Title ', title), h('label', {}, 'Message ', message), h('div', { className: 'actions' }, send));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    send.disabled = true;
    try {
      const sent = await adminApi.broadcast(title.value.trim(), message.value.trim());
      toast('Broadcast sent', `Stored for ${sent.recipients} ${sent.recipients === 1 ? 'user' : 'users'} and pushed to those online.`, 'success');
      form.reset();
      loadAudit(1);
    } catch (error) {
      toast('Could not send the broadcast', error.fieldErrors?.join(' ') || error.message, 'error');
    } finally {
      send.disabled = false;
    }
  });
  return form;
}

async function loadUsers() {
  const shown = view;
  try {
    const page = await adminApi.users({ search: shown.params.get('search') ?? '', pageSize: 100 });
    if (view !== shown) return;
    shown.users.replaceChildren(page.items.length === 0
      ? h('p', { className: 'muted' }, 'No user matches.')
      : table('Users', ['E-mail', 'Name', 'Role', 'State', 'Joined', 'Actions'], page.items.map(userRow)));
  } catch (error) {
    toast('Could not read the users', error.message, 'error');
  }
}

function userRow(user) {
  // The toast says what became of the account, in the words its state column uses.
  const change = (label, outcome, call, options) => actionButton(label, async () => {
    await call();
    toast(outcome, user.email, 'success');
    await Promise.all([loadUsers(), loadAudit(1)]);
  }, options);
  return h('tr', { dataset: { userId: user.id, role: user.role, disabled: String(user.disabled) } },
    h('th', { scope: 'row' }, user.email),
    h('td', {}, user.displayName),
    h('td', {}, user.role),
    h('td', {}, h('span', { className: 'state' }, user.disabled ? 'disabled' : 'active')),
    h('td', {}, h('time', { dateTime: user.createdAt, title: formatDateTime(user.createdAt) }, formatRelative(user.createdAt))),
    h('td', { className: 'row-actions' },
      user.disabled
        ? change('Enable', 'Account enabled', () => adminApi.enable(user.id), { ariaLabel: `Enable ${user.email}`, className: 'secondary' })
        : change('Disable', 'Account disabled', () => adminApi.disable(user.id), { ariaLabel: `Disable ${user.email}`, className: 'danger' }),
      user.role === 'admin'
        ? change('Make user', 'Now a user', () => adminApi.changeRole(user.id, 'user'), { ariaLabel: `Make user: ${user.email}`, className: 'secondary' })
        : change('Make admin', 'Now an admin', () => adminApi.changeRole(user.id, 'admin'), { ariaLabel: `Make admin: ${user.email}`, className: 'secondary' }),
      h('button', { type: 'button', className: 'secondary', ariaLabel: `Grant credits to ${user.email}`, onclick: () => view.grant.openFor(user) }, 'Grant credits')));
}

async function loadAudit(page) {
  const shown = view;
  try {
    const result = await adminApi.audit({ action: shown.params.get('action') ?? '', userId: shown.params.get('user') ?? '', page, pageSize: 25 });
    if (view !== shown) return;
    shown.auditEntries = page === 1 ? result.items : [...shown.auditEntries, ...result.items];
    shown.auditPage = page;
    shown.auditTotal = result.total;
    const more = h('button', { type: 'button', className: 'secondary', hidden: shown.auditEntries.length >= result.total, onclick: () => loadAudit(page + 1) }, 'Load more');
    shown.audit.replaceChildren(
      shown.auditEntries.length === 0 ? h('p', { className: 'muted' }, 'Nothing recorded matches.') : table('Audit log', ['When', 'Action', 'By', 'About', 'Outcome', 'Detail'],
        shown.auditEntries.map((entry) => h('tr', { dataset: { action: entry.action } },
          h('td', {}, h('time', { dateTime: entry.at, title: formatDateTime(entry.at, { seconds: true }) }, formatRelative(entry.at))),
          h('th', { scope: 'row' }, entry.action),
          h('td', {}, entry.actorId ? h('code', { title: entry.actorId }, shortId(entry.actorId)) : '—'),
          h('td', {}, entry.subjectId ? h('code', { title: entry.subjectId }, shortId(entry.subjectId)) : '—'),
          h('td', {}, entry.succeeded ? 'done' : 'refused'),
          h('td', { className: 'detail-text' }, entry.detail ?? '')))),
      h('div', { className: 'actions' }, more));
  } catch (error) {
    toast('Could not read the audit log', error.fieldErrors?.join(' ') || error.message, 'error');
  }
}
