import { creditsApi } from '../api.js';
import { h, onSubmit, uniqueId } from '../dom.js';
import { chosenOrganization } from '../owner.js';
import { toast } from '../toasts.js';

// Each setting: its field in the API, its label, and what it does, in words beside it.
const fields = [
  ['lowBalanceThreshold', 'Low-balance threshold', 'Be told once the credits available fall below this.'],
  ['endUserMaxQueued', 'Jobs each end user may have queued or running', 'A submit for an end user past it is refused (429).'],
  ['endUserCreditsPerDay', 'Credits each end user may spend a day', 'Counted in UTC days; a submit past it is refused (402).'],
];

/**
 * The owner's low-balance threshold and limits per end user, an empty field turning one off. An organization's are
 * changed by its admins and owners: its members and viewers see them in a form they cannot change, and are told why.
 * saved(credits) is told the balance the change answers.
 */
export function creditSettingsForm(settings, saved) {
  const organization = chosenOrganization();
  const locked = organization && !['admin', 'owner'].includes(organization.role)
    ? `You are ${organization.role === 'viewer' ? 'a viewer' : 'a member'} in ${organization.name}: its admins and owners change these settings.`
    : null;
  const inputs = fields.map(([name, label, words]) => {
    const described = uniqueId('setting');
    const input = h('input', { name, type: 'number', min: 0, step: 1, placeholder: 'off', value: settings[name] ?? '', 'aria-describedby': described });
    return { name, input, field: h('div', { dataset: { field: name } }, h('label', {}, `${label} `, input), h('p', { id: described, className: 'small muted setting-words' }, words)) };
  });
  const fieldset = h('fieldset', { disabled: locked !== null }, ...inputs.map((each) => each.field));
  const form = h('form', { className: 'card credit-settings', 'aria-labelledby': 'credit-settings-heading' },
    h('h3', { id: 'credit-settings-heading' }, 'Credit settings'),
    locked && h('p', { className: 'locked-note' }, locked),
    fieldset,
    h('ul', { className: 'errors' }),
    h('div', { className: 'actions' }, h('button', { type: 'submit', disabled: locked !== null }, 'Save settings')));
  onSubmit(form, async () => {
    const body = Object.fromEntries(inputs.map(({ name, input }) => [name, input.value === '' ? null : Number(input.value)]));
    saved(await creditsApi.setSettings(body));
    toast('Credit settings saved', '', 'success');
  });
  return form;
}
