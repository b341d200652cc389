import { schedulesApi } from '../api.js';
import { actionButton, h, table } from '../dom.js';
import { formatDateTime, formatRelative } from '../format.js';
import { chosenProject, projectSelect } from '../project-choice.js';
import { fieldsOf, inputFrom, showProblems, typeOptions } from '../submit-form.js';
import { mayWrite, viewerCard, whose } from '../owner.js';
import { toast } from '../toasts.js';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const previewDelay = 300;

let view = null;

/** The user's schedules: a new one with its cron read back in words and its next five firings, then pause, resume, delete. */
export const schedulesPage = {
  path: '/schedules',
  title: 'Schedules',
  admin: false,
  show(container) {
    view = { list: h('div', {}, h('p', { className: 'muted' }, 'Reading your schedules…')) };
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'Schedules'),
      h('div', { className: 'columns' },
        h('section', { className: 'card', 'aria-labelledby': 'my-schedules-heading' }, h('h3', { id: 'my-schedules-heading' }, `${whose()} schedules`), view.list),
        mayWrite() ? createForm() : viewerCard('New schedule')));
    load();
  },
  leave() {
    clearTimeout(view?.previewTimer);
    view = null;
  },
};

function createForm() {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
  const name = h('input', { name: 'name', required: true, maxLength: 100 });
  const cron = h('input', { name: 'cron', required: true, value: '0 0 3 * * ?', spellcheck: false, autocomplete: 'off', 'aria-describedby': 'cron-help cron-preview' });
  const timeZone = h('select', { name: 'timeZone' }, ...zones.map((zone) => h('option', { value: zone, selected: zone === viewerZone }, zone)));
  const type = h('select', { name: 'type' }, ...typeOptions());
  const project = projectSelect();
  const fields = h('fieldset', { className: 'job-fields' });
  const showFields = () => {
    const controls = fieldsOf(type.value);
    fields.hidden = controls.length === 0;
    fields.replaceChildren(h('legend', {}, 'Job input'), ...controls);
  };
  showFields();
  const preview = h('div', { id: 'cron-preview', className: 'cron-preview', role: 'status' });
  const errors = h('ul', { className: 'errors' });
  const save = h('button', { type: 'submit' }, 'Create schedule');
  const form = h('form', { className: 'card schedule-form', 'aria-labelledby': 'new-schedule-heading' },
    h('h3', { id: 'new-schedule-heading' }, 'New schedule'),
    h('label', {}, 'Name ', name),
    h('label', {}, 'Cron ', cron),
    h('p', { id: 'cron-help', className: 'muted small' }, 'Seconds first: second, minute, hour, day of month, month, day of week. "0 0 3 * * ?" is every day at 03:00.'),
    h('label', {}, 'Time zone ', timeZone),
    preview,
    h('label', {}, 'Project ', project),
    h('label', {}, 'Job type ', type),
    fields,
    errors,
    h('div', { className: 'actions' }, save));

  const schedulePreview = () => {
    clearTimeout(view.previewTimer);
    view.previewTimer = setTimeout(() => showPreview(preview, cron.value.trim(), timeZone.value), previewDelay);
  };
  cron.addEventListener('input', schedulePreview);
  timeZone.addEventListener('change', schedulePreview);
  type.addEventListener('change', showFields);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showProblems(form, errors);
    save.disabled = true;
    try {
      const created = await schedulesApi.create({ name: name.value.trim(), cron: cron.value.trim(), timeZone: timeZone.value, job: { type: type.value, input: inputFrom(type.value, form) }, project: chosenProject(project) });
      toast('Schedule created', `${created.name} fires next ${formatDateTime(created.nextRunAt)}.`, 'success');
      name.value = '';
      await load();
    } catch (error) {
      showProblems(form, errors, error, 'job.input.');
    } finally {
      save.disabled = false;
    }
  });
  showPreview(preview, cron.value, timeZone.value);
  return form;
}

// What the server will do with this cron, before anything is saved: in words, and its next five firings.
async function showPreview(target, cron, timeZone) {
  // Answers can come back out of order: only the one for what the form holds now is shown.
  const asked = `${cron} ${timeZone}`;
  target.dataset.asked = asked;
  if (!cron) {
    target.replaceChildren();
    return;
  }
  try {
    const preview = await schedulesApi.preview(cron, timeZone);
    if (target.dataset.asked !== asked) return;
    const inZone = new Intl.DateTimeFormat(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
    target.dataset.valid = 'true';
    target.replaceChildren(
      h('p', { className: 'cron-words' }, preview.description),
      h('p', { className: 'muted small' }, `Next five firings (${timeZone}):`),
      h('ol', { className: 'firings' }, ...preview.nextFirings.map((at) =>
        h('li', {}, h('time', { dateTime: at }, inZone.format(new Date(at))), h('span', { className: 'muted' }, ` · ${formatRelative(at)}`)))));
  } catch (error) {
    if (target.dataset.asked !== asked) return;
    target.dataset.valid = 'false';
    target.replaceChildren(h('p', { className: 'error-text' }, error.fieldErrors?.length ? error.fieldErrors.join(' ') : error.message));
  }
}

async function load() {
  const shown = view;
  try {
    const schedules = await schedulesApi.list();
    if (view === shown) draw(schedules);
  } catch (error) {
    toast('Could not read your schedules', error.message, 'error');
  }
}

function draw(schedules) {
  view.list.replaceChildren(schedules.length === 0
    ? h('p', { className: 'muted' }, 'No schedules yet: create one.')
    : table(`${whose()} schedules`, ['Schedule', 'Cron', 'Job', 'Next firing', 'Last firing', 'State', 'Actions'], schedules.map((schedule) =>
      h('tr', { dataset: { scheduleId: schedule.id, paused: String(schedule.paused) } },
        h('th', { scope: 'row' }, schedule.name),
        h('td', {}, h('code', {}, schedule.cron), h('span', { className: 'muted' }, ` ${schedule.timeZone}`)),
        h('td', {}, schedule.job.type),
        h('td', {}, schedule.nextRunAt ? h('time', { dateTime: schedule.nextRunAt, title: formatDateTime(schedule.nextRunAt, { seconds: true }) }, formatRelative(schedule.nextRunAt)) : '—'),
        h('td', {}, lastRun(schedule)),
        h('td', {}, h('span', { className: 'state' }, schedule.paused ? 'paused' : 'active')),
        h('td', { className: 'row-actions' }, mayWrite() && [
          schedule.paused
            ? actionButton('Resume', async () => (await schedulesApi.resume(schedule.id), load()), { ariaLabel: `Resume ${schedule.name}`, className: 'secondary' })
            : actionButton('Pause', async () => (await schedulesApi.pause(schedule.id), load()), { ariaLabel: `Pause ${schedule.name}`, className: 'secondary' }),
          actionButton('Delete', async () => {
            if (!confirm(`Delete the schedule "${schedule.name}"? Jobs it submitted stay.`)) return;
            await schedulesApi.remove(schedule.id);
            await load();
          }, { ariaLabel: `Delete ${schedule.name}`, className: 'danger' })])))));
}

// A firing that submitted nothing (the queue quota was full, say) says why instead of linking to a job.
function lastRun(schedule) {
  if (!schedule.lastRunAt) return 'never';
  const when = formatRelative(schedule.lastRunAt);
  return schedule.lastJobId
    ? h('a', { href: `#/jobs/${schedule.lastJobId}` }, when)
    : h('span', { title: schedule.lastRefusal ?? '' }, `${when}, skipped`);
}
