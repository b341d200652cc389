import { adminApi } from '../api.js';
import { h, shortId, table } from '../dom.js';
import { formatDateTime, formatRelative } from '../format.js';
import { toast } from '../toasts.js';

const pageSize = 50;
const statuses = ['failed', 'queued', 'running', 'cancelled'];

let view = null;

/** Every user's failed jobs (or another status), newest first, to retry or cancel one or many at once. */
export const failedJobsPage = {
  path: '/admin/failed',
  title: 'Failed jobs',
  admin: true,
  show(container, { params }) {
    const status = statuses.includes(params.get('status')) ? params.get('status') : 'failed';
    const list = h('div', {});
    const count = h('span', { className: 'muted' });
    const selectAll = h('input', { type: 'checkbox', ariaLabel: 'Select every job shown' });
    const more = h('button', { type: 'button', className: 'secondary', hidden: true }, 'Load more');
    const retry = h('button', { type: 'button', disabled: true }, 'Retry selected');
    const cancel = h('button', { type: 'button', className: 'danger', disabled: true }, 'Cancel selected');
    view = { status, jobs: [], selected: new Set(), page: 0, total: 0, list, count, selectAll, more, retry, cancel };

    const filter = h('select', { name: 'status', onchange: () => (location.hash = `#/admin/failed?status=${filter.value}`) },
      ...statuses.map((name) => h('option', { value: name, selected: name === status }, name)));
    selectAll.addEventListener('change', () => {
      for (const job of view.jobs) if (selectAll.checked) view.selected.add(job.id);
      else view.selected.delete(job.id);
      for (const box of list.querySelectorAll('tbody input[type=checkbox]')) box.checked = selectAll.checked;
      drawControls();
    });
    more.addEventListener('click', () => load(view.page + 1));
    retry.addEventListener('click', () => act('retry'));
    cancel.addEventListener('click', () => act('cancel'));

    container.replaceChildren(
      h('h2', { className: 'page-title' }, `${status[0].toUpperCase()}${status.slice(1)} jobs of every user `, count),
      h('section', { className: 'card' },
        h('div', { className: 'toolbar' },
          h('label', {}, 'Status ', filter),
          h('label', { className: 'check' }, selectAll, ' Select all shown'),
          h('div', { className: 'actions' }, retry, cancel)),
        list,
        h('div', { className: 'actions' }, more)));
    load(1);
  },
  leave() {
    view = null;
  },
};

async function load(page) {
  const shown = view;
  try {
    const result = await adminApi.jobs({ status: shown.status, page, pageSize });
    if (view !== shown) return;
    shown.jobs = page === 1 ? result.items : [...shown.jobs, ...result.items];
    shown.page = page;
    shown.total = result.total;
    draw();
  } catch (error) {
    toast('Could not read the jobs', error.message, 'error');
  }
}

// One request for every selected job; the answer says, job by job, what became of it.
async function act(action) {
  const shown = view;
  const ids = [...shown.selected];
  if (ids.length === 0) return;
  shown.retry.disabled = shown.cancel.disabled = true;
  try {
    const result = await adminApi.bulkJobs(action, ids);
    const outcomes = result.jobs ?? result.results ?? [];
    const done = outcomes.filter((outcome) => ['retried', 'cancelled', 'cancelling'].includes(outcome.outcome)).length;
    const refused = outcomes.length - done;
    toast(`${done} ${done === 1 ? 'job' : 'jobs'} ${action === 'retry' ? 'retried' : 'cancelled'}`,
      refused ? `${refused} could not be: ${[...new Set(outcomes.filter((o) => !['retried', 'cancelled', 'cancelling'].includes(o.outcome)).map((o) => o.outcome))].join(', ')}.` : '',
      refused ? 'error' : 'success');
    shown.selected.clear();
    await load(1);
  } catch (error) {
    toast(`Could not ${action} the jobs`, error.message, 'error');
  } finally {
    if (view === shown) drawControls();
  }
}

// The buttons and counts follow the selection; the rows are drawn again only when the jobs change.
function drawControls() {
  const { jobs, selected, count, selectAll, more, retry, cancel, status, total } = view;
  count.textContent = `(${total})`;
  selectAll.checked = jobs.length > 0 && jobs.every((job) => selected.has(job.id));
  retry.disabled = selected.size === 0 || !['failed', 'cancelled'].includes(status);
  cancel.disabled = selected.size === 0 || !['queued', 'running'].includes(status);
  retry.textContent = `Retry selected (${selected.size})`;
  cancel.textContent = `Cancel selected (${selected.size})`;
  more.hidden = jobs.length >= total;
}

function draw() {
  const { jobs, selected, list, status } = view;
  drawControls();
  list.replaceChildren(jobs.length === 0
    ? h('p', { className: 'muted' }, `No ${status} jobs.`)
    : table(`${status} jobs`, ['', 'Job', 'Owner', 'Error', 'Attempts', status === 'failed' ? 'Failed' : 'Submitted'], jobs.map((job) => {
      const box = h('input', { type: 'checkbox', checked: selected.has(job.id), ariaLabel: `Select ${job.type} job ${shortId(job.id)}` });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(job.id);
        else selected.delete(job.id);
        drawControls();
      });
      const when = status === 'failed' ? job.finishedAt : job.submittedAt;
      return h('tr', { dataset: { jobId: job.id } },
        h('td', {}, box),
        h('th', { scope: 'row' }, job.type, ' ', h('code', { title: job.id }, shortId(job.id))),
        h('td', {}, h('code', { title: job.ownerId }, shortId(job.ownerId))),
        h('td', { className: 'error-text' }, job.error ?? ''),
        h('td', { className: 'number' }, `${job.attempt} of ${job.maxAttempts}`),
        h('td', {}, h('time', { dateTime: when, title: formatDateTime(when, { seconds: true }) }, formatRelative(when))));
    })));
}
