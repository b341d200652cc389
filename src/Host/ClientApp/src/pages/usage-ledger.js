import { creditsApi } from '../api.js';
import { h, shortId, table } from '../dom.js';
import { formatCount, formatDateTime, formatRelative } from '../format.js';
import { currentRoute, linkTo, navigate } from '../router.js';
import { toast } from '../toasts.js';

const kinds = ['grant', 'allowance', 'hold', 'charge', 'release', 'refund', 'adjustment'];
const pageSize = 20;

/** The ledger's card: its filters (kind, end user, from the address: #/usage?kind=charge&endUser=…&page=2), entries and paging. */
export function ledgerSection() {
  const kind = h('select', { name: 'kind' }, h('option', { value: '' }, 'any'), ...kinds.map((each) => h('option', { value: each }, each)));
  const endUser = h('input', { name: 'endUser', maxLength: 200, placeholder: 'e.g. telegram:48213', autocomplete: 'off', spellcheck: false });
  const filters = h('form', { className: 'toolbar', role: 'search', ariaLabel: 'Ledger filters' },
    h('label', {}, 'Kind ', kind), h('label', {}, 'End user ', endUser), h('button', { type: 'submit', className: 'secondary' }, 'Filter'));
  const ledger = { kind, endUser, entries: h('div', {}, h('p', { className: 'muted' }, 'Reading the ledger…')), paging: h('div', { className: 'actions paging' }), shown: 0 };
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    moveTo({ kind: kind.value, endUser: endUser.value.trim(), page: '' });
  });
  kind.addEventListener('change', () => filters.requestSubmit());
  ledger.section = h('section', { className: 'card ledger', 'aria-labelledby': 'ledger-heading' },
    h('h3', { id: 'ledger-heading' }, 'Ledger'),
    h('p', { className: 'muted small' }, 'Every change of the balance, newest first: grants, allowances, holds for jobs, charges, releases of what a job did not use, refunds and adjustments.'),
    filters, ledger.entries, ledger.paging);
  return ledger;
}

function moveTo(changes) {
  navigate('/usage', { ...Object.fromEntries(currentRoute().params), ...changes }, { replace: true });
}

/** Shows the ledger's page the address asks for. */
export async function showLedger(ledger, params) {
  const page = Math.max(1, Number(params.get('page')) || 1);
  const kind = kinds.includes(params.get('kind')) ? params.get('kind') : '';
  const endUser = params.get('endUser') ?? '';
  ledger.kind.value = kind;
  ledger.endUser.value = endUser;
  const asked = ++ledger.shown;
  try {
    const result = await creditsApi.ledger({ kind, endUser, page, pageSize });
    if (asked !== ledger.shown) return;
    ledger.entries.replaceChildren(result.items.length === 0
      ? h('p', { className: 'muted' }, kind || endUser ? 'No entry matches.' : 'No entries yet: the ledger starts with the first grant.')
      : table('Ledger', ['When', 'Kind', 'Balance', 'Held', 'Job', 'End user', 'Reason'], result.items.map(entryRow)));
    const pages = Math.max(1, Math.ceil(result.total / pageSize));
    ledger.paging.hidden = result.total === 0;
    ledger.paging.replaceChildren(
      h('button', { type: 'button', className: 'secondary', disabled: page <= 1, onclick: () => moveTo({ page: String(page - 1) }) }, 'Newer'),
      h('span', { className: 'muted' }, `Page ${page} of ${pages} (${formatCount(result.total)} ${result.total === 1 ? 'entry' : 'entries'})`),
      h('button', { type: 'button', className: 'secondary', disabled: page >= pages, onclick: () => moveTo({ page: String(page + 1) }) }, 'Older'));
  } catch (error) {
    toast('Could not read the ledger', error.fieldErrors?.join(' ') || error.message, 'error');
  }
}

function entryRow(entry) {
  return h('tr', { dataset: { kind: entry.kind, entryId: entry.id } },
    h('td', { className: 'when' }, h('time', { dateTime: entry.at, title: formatDateTime(entry.at, { seconds: true }) }, formatRelative(entry.at))),
    h('th', { scope: 'row' }, h('span', { className: 'kind' }, entry.kind)),
    h('td', { className: 'number' }, signed(entry.amount)),
    h('td', { className: 'number' }, signed(entry.held)),
    h('td', {}, entry.jobId ? h('a', { href: linkTo(`/jobs/${entry.jobId}`), title: entry.jobId }, `${entry.jobType ?? 'job'} ${shortId(entry.jobId)}`) : '—'),
    h('td', {}, entry.endUser ?? '—'),
    h('td', { className: 'detail-text' }, entry.reason ?? ''));
}

// +1,000, −50, or a dash for no change.
function signed(amount) {
  if (!amount) return '—';
  return `${amount > 0 ? '+' : '−'}${formatCount(Math.abs(amount))}`;
}
