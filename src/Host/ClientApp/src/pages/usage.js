import { creditsApi } from '../api.js';
import { h, perFrame, saveAs, table } from '../dom.js';
import { formatCount, formatDateTime, formatDuration } from '../format.js';
import { whose } from '../owner.js';
import { navigate } from '../router.js';
import { toast } from '../toasts.js';
import { creditsChart, dayLabel, drawCreditsByDay, seriesColours } from '../usage-chart.js';
import { creditSettingsForm } from './credit-settings.js';
import { ledgerSection, showLedger } from './usage-ledger.js';

const periods = [7, 30];
const csvGroupings = [['day', 'day'], ['type', 'job type'], ['project', 'project'], ['member', 'member'], ['endUser', 'end user']];
const dayMs = 86_400_000;

let view = null;

/**
 * What credits there are and where they went: the balance, a chart of the credits charged each day by job type over
 * the last 7 or 30 days (#/usage?days=7), its CSV, the ledger with its filters, and the owner's credit settings.
 */
export const usagePage = {
  path: '/usage',
  title: 'Usage',
  admin: false,
  show(container, { params }) {
    view = {
      params,
      figures: h('dl', { className: 'figures' }, h('div', { className: 'figure' }, h('dt', {}, 'Balance'), h('dd', {}, '…'))),
      allowanceNote: h('p', { className: 'muted' }),
      lowNote: h('p', { className: 'low-balance', role: 'status', hidden: true }),
      chart: creditsChart(),
      legend: h('p', { className: 'legend usage-legend' }),
      byType: h('div', {}),
      ledger: ledgerSection(),
      settings: h('div', {}),
    };
    container.replaceChildren(
      h('h2', { className: 'page-title' }, `${whose()} usage`),
      h('p', { className: 'muted' }, 'Jobs of a priced type hold the most they can cost while they wait and run, and are charged what they ran.'),
      h('div', { className: 'columns' },
        h('section', { className: 'card', 'aria-labelledby': 'balance-heading' }, h('h3', { id: 'balance-heading' }, 'Credits'), view.figures, view.allowanceNote, view.lowNote),
        view.settings),
      h('section', { className: 'card usage-card', 'aria-labelledby': 'chart-heading' },
        h('h3', { id: 'chart-heading' }, 'Credits charged per day by job type'),
        periodForm(params), view.legend,
        view.chart,
        view.byType),
      view.ledger.section);
    loadBalance();
    loadChart();
    showLedger(view.ledger, params);
    view.resized = new ResizeObserver(perFrame(redraw));
    view.resized.observe(view.chart);
  },
  update(params) {
    const before = view.params;
    view.params = params;
    if (before.get('days') !== params.get('days')) {
      view.period.value = String(daysOf(params));
      loadChart();
    }
    showLedger(view.ledger, params);
  },
  leave() {
    view.resized.disconnect();
    view = null;
  },
};

function daysOf(params) {
  const days = Number(params.get('days'));
  return periods.includes(days) ? days : periods[0];
}

// Whole days in UTC, as the report counts them: from the first day's midnight to the next day's after today.
function periodOf(count) {
  const now = new Date();
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (count - 1));
  const days = Array.from({ length: count }, (_, i) => new Date(first + i * dayMs).toISOString().slice(0, 10));
  return { from: new Date(first).toISOString(), to: new Date(first + count * dayMs).toISOString(), days };
}

function periodForm(params) {
  view.period = h('select', { name: 'days', onchange: () => navigate('/usage', { ...Object.fromEntries(view.params), days: view.period.value }, { replace: true }) },
    ...periods.map((days) => h('option', { value: String(days), selected: days === daysOf(params) }, `Last ${days} days`)));
  const grouping = h('select', { name: 'csvGroupBy' }, ...csvGroupings.map(([value, words]) => h('option', { value }, `by ${words}`)));
  const download = h('button', { type: 'submit', className: 'secondary' }, 'Download CSV');
  const form = h('form', { className: 'toolbar' }, h('label', {}, 'Period ', view.period), h('label', {}, 'CSV ', grouping), download);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    download.disabled = true;
    try {
      const { from, to } = periodOf(daysOf(view.params));
      saveAs(await creditsApi.usageCsv({ from, to, groupBy: grouping.value }), `usage-by-${grouping.value}-${from.slice(0, 10)}.csv`);
    } catch (error) {
      toast('Could not download the usage', error.message, 'error');
    } finally {
      download.disabled = false;
    }
  });
  return form;
}

async function loadBalance() {
  const shown = view;
  try {
    const credits = await creditsApi.balance();
    if (view !== shown) return;
    showBalance(credits);
    shown.settings.replaceChildren(creditSettingsForm(credits.settings, showBalance));
  } catch (error) {
    toast('Could not read the credits', error.message, 'error');
  }
}

function showBalance(credits) {
  const allowance = credits.allowance;
  view.figures.replaceChildren(...[
    ['Balance', formatCount(credits.balance)],
    ['Held for unfinished jobs', formatCount(credits.held)],
    ['Available', formatCount(credits.available)],
    ['Allowance', allowance ? `${formatCount(allowance.amount)} a ${allowance.period}` : 'none'],
  ].map(([name, value]) => h('div', { className: 'figure', dataset: { figure: name.split(' ')[0].toLowerCase() } }, h('dt', {}, name), h('dd', {}, value))));
  view.allowanceNote.textContent = allowance ? `The next allowance is due ${formatDateTime(allowance.nextAt)}, granted at the first use of credits after.` : '';
  const threshold = credits.settings.lowBalanceThreshold;
  view.lowNote.hidden = threshold === null || threshold === undefined || credits.available >= threshold;
  view.lowNote.textContent = view.lowNote.hidden ? '' : `The credits available are below the low-balance threshold of ${formatCount(threshold)}.`;
}

// The report has no day-by-type grouping: the types charged in the period are read first, then each one's days.
async function loadChart() {
  const shown = view;
  const { from, to, days } = periodOf(daysOf(shown.params));
  try {
    const byType = await creditsApi.usage({ from, to, groupBy: 'type' });
    const types = byType.rows.filter((row) => row.credits > 0).sort((a, b) => b.credits - a.credits).map((row) => row.key);
    const perType = await Promise.all(types.map((type) => creditsApi.usage({ from, to, groupBy: 'day', type })));
    if (view !== shown) return;
    const series = types.map((type, i) => ({ type, credits: new Map(perType[i].rows.map((row) => [row.key, row.credits])) }));
    shown.drawn = { days, series };
    redraw();
    shown.legend.replaceChildren(...series.map((each, i) => h('span', { className: `key series-${i % seriesColours}` }, each.type)));
    shown.byType.replaceChildren(byType.rows.length === 0
      ? h('p', { className: 'muted' }, `No job finished between ${dayLabel(days[0])} and today.`)
      : typeTable(byType));
  } catch (error) {
    toast('Could not read the usage', error.message, 'error');
  }
}

// The chart is drawn as wide as it is shown: again when that changes (a phone turned, a window resized).
function redraw() {
  if (view?.drawn) drawCreditsByDay(view.chart, view.drawn.days, view.drawn.series);
}

function typeTable(report) {
  const row = (cells, header) => h('tr', { dataset: { type: header } }, h('th', { scope: 'row' }, header),
    ...cells.map((cell) => h('td', { className: 'number' }, cell)));
  const cellsOf = (each) => [formatCount(each.credits), formatCount(each.jobs), formatDuration(each.runSeconds * 1000) || '0 s', formatCount(each.failures)];
  return table('Usage by job type', ['Job type', 'Credits', 'Jobs', 'Ran for', 'Failed'], [
    ...report.rows.map((each) => row(cellsOf(each), each.key || '(none)')),
    row(cellsOf(report.total), 'All types'),
  ]);
}
