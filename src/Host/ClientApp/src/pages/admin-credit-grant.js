import { adminApi } from '../api.js';
import { h, onSubmit } from '../dom.js';
import { formatCount } from '../format.js';
import { toast } from '../toasts.js';

/**
 * The Users page's panel to grant one user credits: it shows their balance, then takes an amount and a reason (both
 * recorded in the ledger and the audit log). Answers { panel, openFor(user) }; granted() is told after each grant.
 */
export function creditGrantPanel(granted) {
  const heading = h('h3', { id: 'grant-heading' });
  const balance = h('p', { className: 'grant-balance', role: 'status' });
  const amount = h('input', { name: 'amount', type: 'number', min: 1, step: 1, required: true });
  const reason = h('input', { name: 'reason', required: true, maxLength: 500, placeholder: 'e.g. trial credits' });
  const close = h('button', { type: 'button', className: 'secondary', onclick: () => (panel.hidden = true) }, 'Close');
  const form = h('form', {},
    h('div', { className: 'grant-fields' }, h('label', {}, 'Credits to grant ', amount), h('label', {}, 'Reason ', reason)),
    h('ul', { className: 'errors' }),
    h('div', { className: 'actions' }, h('button', { type: 'submit' }, 'Grant'), close));
  const panel = h('section', { className: 'card grant-panel', 'aria-labelledby': 'grant-heading', hidden: true }, heading, balance, form);
  let user = null;

  const showBalance = async (shown) => {
    balance.textContent = 'Reading the balance…';
    try {
      const credits = await adminApi.credits(shown.id);
      if (user === shown) balance.textContent = `Balance ${formatCount(credits.balance)}: ${formatCount(credits.held)} held, ${formatCount(credits.available)} available.`;
    } catch (error) {
      if (user === shown) balance.textContent = `Could not read the balance: ${error.message}`;
    }
  };
  onSubmit(form, async () => {
    const shown = user;
    await adminApi.grantCredits(shown.id, Number(amount.value), reason.value.trim());
    toast('Credits granted', `${formatCount(Number(amount.value))} credits to ${shown.email}`, 'success');
    form.reset();
    await Promise.all([showBalance(shown), granted()]);
  });
  return {
    panel,
    openFor(chosen) {
      user = chosen;
      heading.textContent = `Grant credits to ${chosen.email}`;
      form.reset();
      form.querySelector('.errors').replaceChildren();
      panel.hidden = false;
      showBalance(chosen);
      amount.focus();
    },
  };
}
