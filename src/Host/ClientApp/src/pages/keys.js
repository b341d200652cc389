import { keysApi } from '../api.js';
import { actionButton, copyRow, h, table } from '../dom.js';
import { formatDateTime, formatRelative } from '../format.js';
import { toast } from '../toasts.js';

const scopes = [
  ['jobs:read', 'Read jobs, their events and files'],
  ['jobs:write', 'Submit, cancel and retry jobs'],
  ['worker', 'Claim and run jobs of remote types (everyone\'s for an admin, who gives their password)'],
  ['admin', 'Everything an admin may do (asks for your password)'],
];

let view = null;

/** The user's API keys: a new one with its scopes, its secret shown once with a copy button, and revoke. */
export const keysPage = {
  path: '/keys',
  title: 'API keys',
  admin: false,
  show(container) {
    view = { list: h('div', {}, h('p', { className: 'muted' }, 'Reading your keys…')), secret: h('div', { className: 'secret-slot' }) };
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'API keys'),
      view.secret,
      h('div', { className: 'columns' },
        h('section', { className: 'card', 'aria-labelledby': 'my-keys-heading' }, h('h3', { id: 'my-keys-heading' }, 'My keys'), view.list),
        createForm()));
    load();
  },
  leave() {
    view = null;
  },
};

function createForm() {
  const name = h('input', { name: 'name', required: true, maxLength: 100 });
  const expires = h('input', { name: 'expiresAt', type: 'date' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password' });
  const passwordLabel = h('label', { hidden: true }, 'Your password ', password);
  const boxes = scopes.map(([scope, what]) => h('label', { className: 'check' },
    h('input', { type: 'checkbox', name: 'scope', value: scope, checked: scope === 'jobs:read' }), ` ${scope} `, h('span', { className: 'muted small' }, what)));
  const errors = h('ul', { className: 'errors' });
  const create = h('button', { type: 'submit' }, 'Create key');
  const form = h('form', { className: 'card', 'aria-labelledby': 'new-key-heading' },
    h('h3', { id: 'new-key-heading' }, 'New key'),
    h('label', {}, 'Name ', name),
    h('fieldset', { className: 'scopes' }, h('legend', {}, 'Scopes'), ...boxes),
    h('label', {}, 'Expires (optional) ', expires),
    passwordLabel,
    errors,
    h('div', { className: 'actions' }, create));
  const chosen = () => [...form.querySelectorAll('input[name=scope]:checked')].map((box) => box.value);
  // An admin's worker key takes the password too: once the answer asks for it, the field stays.
  let passwordAsked = false;
  form.addEventListener('change', () => (passwordLabel.hidden = !passwordAsked && !chosen().includes('admin')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    create.disabled = true;
    try {
      const key = await keysApi.create({
        name: name.value.trim(),
        scopes: chosen(),
        expiresAt: expires.value ? new Date(`${expires.value}T23:59:59`).toISOString() : undefined,
        password: password.value || undefined,
      });
      form.reset();
      passwordAsked = false;
      passwordLabel.hidden = true;
      showSecret(key);
      await load();
    } catch (error) {
      if (error.problem?.errors?.password) {
        passwordAsked = true;
        passwordLabel.hidden = false;
      }
      const lines = error.fieldErrors?.length ? error.fieldErrors : [error.message];
      errors.replaceChildren(...lines.map((line) => h('li', {}, line)));
    } finally {
      create.disabled = false;
    }
  });
  return form;
}

// The secret exists in this answer only: shown once, to copy now, and gone when dismissed.
function showSecret(key) {
  const { row, field: secret } = copyRow(key.secret, `Secret of ${key.name}`);
  view.secret.replaceChildren(h('section', { className: 'card secret-card', role: 'alert' },
    h('h3', {}, `Key "${key.name}" created`),
    h('p', {}, 'Copy its secret now: it is shown this once and cannot be read again.'),
    row,
    h('div', { className: 'actions' }, h('button', { type: 'button', className: 'secondary', onclick: () => view.secret.replaceChildren() }, 'I have saved it'))));
  secret.focus();
  secret.select();
}

async function load() {
  const shown = view;
  try {
    const keys = await keysApi.list();
    if (view === shown) draw(keys);
  } catch (error) {
    toast('Could not read your keys', error.message, 'error');
  }
}

function draw(keys) {
  view.list.replaceChildren(keys.length === 0
    ? h('p', { className: 'muted' }, 'No keys yet.')
    : table('My keys', ['Name', 'Key', 'Scopes', 'Created', 'Last used', 'Expires', ''], keys.map((key) =>
      h('tr', { dataset: { keyId: key.id } },
        h('th', { scope: 'row' }, key.name),
        h('td', {}, h('code', {}, `${key.prefix}…`)),
        h('td', {}, key.scopes.join(', ')),
        h('td', {}, h('time', { dateTime: key.createdAt, title: formatDateTime(key.createdAt) }, formatRelative(key.createdAt))),
        h('td', {}, key.lastUsedAt ? h('time', { dateTime: key.lastUsedAt, title: formatDateTime(key.lastUsedAt) }, formatRelative(key.lastUsedAt)) : 'never'),
        h('td', {}, key.expiresAt ? formatDateTime(key.expiresAt) : 'never'),
        h('td', { className: 'row-actions' }, actionButton('Revoke', async () => {
          if (!confirm(`Revoke the key "${key.name}"? Programs using it stop at once.`)) return;
          await keysApi.revoke(key.id);
          toast('Key revoked', key.name, 'success');
          await load();
        }, { ariaLabel: `Revoke ${key.name}`, className: 'danger' }))))));
}
