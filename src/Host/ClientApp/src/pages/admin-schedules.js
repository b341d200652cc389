import { adminApi } from '../api.js';
import { actionButton, h, shortId, table } from '../dom.js';
import { formatDateTime, formatRelative } from '../format.js';
import { linkTo } from '../router.js';
import { toast } from '../toasts.js';

let view = null;

/** Every user's schedules: when each fires next and last, and the operator's pause, resume, trigger now and delete. */
export const allSchedulesPage = {
  path: '/admin/schedules',
  title: 'All schedules',
  admin: true,
  show(container, { params }) {
    const search = h('input', { name: 'search', type: 'search', value: params.get('search') ?? '', placeholder: 'name' });
    const body = h('div', {}, h('p', { className: 'muted' }, 'Reading the schedules…'));
    view = { search: params.get('search') ?? '', body };
    const form = h('form', { className: 'toolbar', role: 'search' }, h('label', {}, 'Find by name ', search), h('button', { type: 'submit', className: 'secondary' }, 'Find'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      location.hash = linkTo('/admin/schedules', { search: search.value.trim() });
    });
    container.replaceChildren(h('h2', { className: 'page-title' }, 'All schedules'), h('section', { className: 'card' }, form, body));
    load();
  },
  update(params) {
    view.search = params.get('search') ?? '';
    load();
  },
  leave() {
    view = null;
  },
};

async function load() {
  const shown = view;
  try {
    const page = await adminApi.schedules({ search: shown.search, pageSize: 100 });
    if (view === shown) draw(page.items ?? page);
  } catch (error) {
    toast('Could not read the schedules', error.message, 'error');
  }
}

function draw(items) {
  view.body.replaceChildren(items.length === 0
    ? h('p', { className: 'muted' }, 'No schedules.')
    : table('Schedules', ['Schedule', 'Owner', 'Cron', 'Next firing', 'Last firing', 'Runs', 'State', 'Actions'], items.map((item) => {
      const schedule = item.schedule ?? item;
      const owner = item.ownerEmail ?? item.owner?.email ?? schedule.ownerEmail ?? schedule.ownerId ?? item.ownerId ?? '';
      return h('tr', { dataset: { scheduleId: schedule.id, paused: String(schedule.paused) } },
        h('th', { scope: 'row' }, schedule.name),
        h('td', {}, owner),
        h('td', {}, h('code', {}, schedule.cron), h('span', { className: 'muted' }, ` ${schedule.timeZone}`)),
        h('td', {}, schedule.nextRunAt ? h('time', { dateTime: schedule.nextRunAt, title: formatDateTime(schedule.nextRunAt, { seconds: true }) }, formatRelative(schedule.nextRunAt)) : '—'),
        h('td', {}, schedule.lastRunAt ? h('time', { dateTime: schedule.lastRunAt, title: formatDateTime(schedule.lastRunAt, { seconds: true }) }, formatRelative(schedule.lastRunAt)) : 'never'),
        h('td', { className: 'number' }, String(schedule.runs)),
        h('td', {}, h('span', { className: 'state' }, schedule.paused ? 'paused' : 'active')),
        h('td', { className: 'row-actions' },
          actionButton('Trigger now', async () => {
            const job = await adminApi.triggerSchedule(schedule.id);
            toast(`${schedule.name} triggered`, `Submitted ${job.type} job ${shortId(job.id)} as its owner.`, 'success');
            await load();
          }, { ariaLabel: `Trigger now: ${schedule.name}`, className: 'secondary' }),
          schedule.paused
            ? actionButton('Resume', async () => (await adminApi.resumeSchedule(schedule.id), load()), { ariaLabel: `Resume ${schedule.name}`, className: 'secondary' })
            : actionButton('Pause', async () => (await adminApi.pauseSchedule(schedule.id), load()), { ariaLabel: `Pause ${schedule.name}`, className: 'secondary' }),
          actionButton('Delete', async () => {
            if (!confirm(`Delete the schedule "${schedule.name}" of ${owner}? Jobs it submitted stay.`)) return;
            await adminApi.deleteSchedule(schedule.id);
            await load();
          }, { ariaLabel: `Delete ${schedule.name}`, className: 'danger' })));
    })));
}
