import { jobsApi } from './api.js';
import { $, h, perFrame, saveAs, shortId } from './dom.js';
import { formatDateTime, formatElapsed, formatSize, formatTime } from './format.js';
import { finished, getJob, putJob } from './jobs.js';
import { addTick, charts, emptySeries, loadSeries } from './job-series.js';
import { drawMetricChart } from './metric-chart.js';
import { mayWrite } from './owner.js';
import { toast } from './toasts.js';

const stateKinds = new Set(['submitted', 'started', 'cancelRequested', 'requeued', 'succeeded', 'failed', 'cancelled', 'retryScheduled', 'retried']);

// The job shown in the panel: its stored events (versions 1…version without gaps) and its metric series.
let shown = null;

const render = perFrame(() => shown && update());

/** Shows a job's detail; actions.watch(job) is called when a retry makes it live again. */
export async function openJob(id, actions) {
  closeJob();
  shown = { id, actions, events: [], version: 0, series: emptySeries(), image: null, imageFor: null };
  const panel = $('#job-detail');
  panel.hidden = false;
  panel.dataset.jobId = id;
  panel.replaceChildren(...skeleton(id).filter(Boolean));
  panel.querySelector('.close').href = actions.closeHref ?? '#/jobs';
  try {
    if (!getJob(id)) putJob(await jobsApi.get(id));
    await Promise.all([catchUp(shown), loadSeries(shown.series, id)]);
  } catch (error) {
    if (shown?.id === id) toast('Could not open the job', error.message, 'error');
  }
  render();
}

export function closeJob() {
  if (shown?.image) URL.revokeObjectURL(shown.image);
  shown = null;
  const panel = $('#job-detail');
  panel.hidden = true;
  panel.replaceChildren();
}

export function shownJobId() {
  return shown?.id ?? null;
}

/** Takes a hub event of the shown job: live ticks feed the charts, stored events the timeline; its end reads its series whole. */
export function jobEventForDetail(event) {
  if (!shown || event.jobId !== shown.id) return;
  addTick(shown.series, event);
  if (!event.transient && finished(event.status)) {
    const state = shown;
    loadSeries(state.series, state.id).then(render, () => {});
  }
  if (!event.transient) {
    if (event.version === shown.version + 1) record(shown, event);
    else if (event.version > shown.version) catchUp(shown).catch(() => {});
  }
  render();
}

export function jobChangedForDetail(id) {
  if (shown?.id === id) render();
}

// A catch-up asked for while one is reading runs again once it is done: that read may predate the event that asked.
async function catchUp(state) {
  state.behind = true;
  state.catchingUp ??= (async () => {
    try {
      while (state.behind) {
        state.behind = false;
        // Stored events come a page at a time; nextAfter is left out once a page reaches the job's latest version.
        for (let after = state.version; after !== null; ) {
          const page = await jobsApi.events(state.id, after);
          for (const event of page.events) {
            if (event.version !== state.version + 1) continue;
            record(state, event);
          }
          after = page.nextAfter ?? null;
        }
      }
    } finally {
      state.catchingUp = undefined;
    }
  })();
  await state.catchingUp;
  render();
}

function record(state, event) {
  state.events.push(event);
  state.version = event.version;
}

function skeleton(id) {
  return [
    h('header', { className: 'detail-head' },
      h('h2', {}, h('span', { className: 'type' }), ' ', h('code', {}, shortId(id))),
      h('span', { className: 'status' }),
      h('a', { href: '#/jobs', className: 'close', title: 'Close', ariaLabel: 'Close the job' }, '×')),
    h('div', { className: 'progress-row' }, h('progress', { max: 100, value: 0, ariaLabel: 'Progress' }), h('span', { className: 'percent' })),
    h('p', { className: 'message' }),
    h('p', { className: 'error', hidden: true }),
    h('dl', { className: 'times' }),
    // A viewer of an organization is offered nothing to change.
    mayWrite() && h('div', { className: 'actions' },
      h('button', { type: 'button', name: 'cancel', className: 'danger', onclick: cancel }, 'Cancel'),
      h('button', { type: 'button', name: 'retry', onclick: retry }, 'Retry')),
    h('section', { className: 'artifacts' }),
    h('section', { className: 'metrics-section', hidden: true }, h('h3', {}, 'Metrics'), h('dl', { className: 'metrics' })),
    h('div', { className: 'charts' }),
    h('section', { hidden: true }, h('h3', {}, 'Timeline'), h('ol', { className: 'timeline' })),
    // Long logs scroll inside their box, which the keyboard can reach too.
    h('section', { hidden: true }, h('h3', {}, 'Logs'), h('ul', { className: 'logs', tabIndex: 0, ariaLabel: 'Logs' })),
    h('details', {}, h('summary', {}, 'Input'), h('pre', { className: 'input' })),
  ];
}

// One section per metric, made the first time it has something to draw and kept, so a redraw changes only its lines.
function chartOf(container, name, axis) {
  const found = [...container.children].find((section) => section.dataset.metric === name);
  if (found) return found.querySelector('svg');
  const chart = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  chart.classList.add('metric-chart', `${name.replace(/[^A-Za-z0-9_-]/g, '_')}-chart`);
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', `${name} by ${axis}`);
  container.append(h('section', { dataset: { metric: name } }, h('h3', {}, name), chart));
  return chart;
}

function update() {
  const job = getJob(shown.id);
  if (!job) return;
  const panel = $('#job-detail');
  panel.dataset.status = job.status;
  panel.querySelector('.type').textContent = job.type;
  panel.querySelector('.status').textContent = job.status;
  panel.querySelector('progress').value = job.progress;
  panel.querySelector('.percent').textContent = `${Math.floor(job.progress)}%`;
  panel.querySelector('.message').textContent = job.message ?? '';
  const error = panel.querySelector('.error');
  error.hidden = !job.error;
  error.textContent = job.error ?? '';
  const [cancelButton, retryButton] = ['cancel', 'retry'].map((name) => panel.querySelector(`button[name=${name}]`) ?? {});
  cancelButton.disabled = finished(job.status) || job.status === 'cancelling';
  retryButton.disabled = job.status !== 'failed' && job.status !== 'cancelled';
  panel.querySelector('.input').textContent = JSON.stringify(job.input, null, 2);
  panel.querySelector('.times').replaceChildren(...[
    ['Submitted', formatDateTime(job.submittedAt, { seconds: true })],
    ['Started', formatDateTime(job.startedAt, { seconds: true })],
    [finished(job.status) ? 'Ran for' : 'Running for', job.startedAt ? formatElapsed(job.startedAt, job.finishedAt) : ''],
    ['Attempt', job.attempt ? `${job.attempt} of ${job.maxAttempts ?? 1}` : ''],
  ].filter(([, value]) => value).flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]));

  panel.querySelector('.metrics').replaceChildren(
    ...Object.entries(job.metrics).flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, formatNumber(value))]));
  const drawn = charts(shown.series);
  // A training job's loss is awaited from the start.
  if (job.type === 'training' && !drawn.some((chart) => chart.name === 'loss')) drawn.unshift({ name: 'loss', axis: 'epoch', points: [] });
  for (const { name, axis, points } of drawn) drawMetricChart(chartOf(panel.querySelector('.charts'), name, axis), points, axis);

  panel.querySelector('.timeline').replaceChildren(...shown.events.filter((e) => stateKinds.has(e.kind)).map((e) =>
    h('li', { dataset: { kind: e.kind } },
      h('time', {}, formatTime(e.at)), ' ', h('strong', {}, e.kind), e.attempt ? ` (attempt ${e.attempt})` : '',
      e.message || e.error ? ` ${e.error ?? e.message}` : '')));
  panel.querySelector('.logs').replaceChildren(...shown.events.filter((e) => e.kind === 'logged').map((e) =>
    h('li', { className: e.level }, h('time', {}, formatTime(e.at)), ` ${e.message}`)));
  // A heading over nothing reads as something missing: a section shows once it has something to show.
  for (const list of panel.querySelectorAll('.metrics, .timeline, .logs')) list.closest('section').hidden = list.childElementCount === 0;

  showArtifacts(panel.querySelector('.artifacts'), job);
}

function formatNumber(value) {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

function showArtifacts(section, job) {
  const artifacts = job.status === 'succeeded' ? job.artifacts ?? [] : [];
  const key = artifacts.map((a) => a.name).join('\n');
  if (section.dataset.shown === key) return;
  section.dataset.shown = key;
  section.replaceChildren(...(artifacts.length ? [h('h3', {}, 'Output')] : []), ...artifacts.map((artifact) =>
    artifact.contentType.startsWith('image/')
      ? h('figure', {}, inlineImage(job.id, artifact), h('figcaption', {}, artifact.name, ' ', downloadButton(job.id, artifact)))
      : h('p', {}, downloadButton(job.id, artifact))));
}

// Artifacts need the Authorization header, so they are fetched and shown from a blob rather than linked.
function inlineImage(jobId, artifact) {
  const image = h('img', { className: 'artifact-image', alt: `${artifact.name} of job ${shortId(jobId)}` });
  jobsApi.artifact(jobId, artifact.name).then((blob) => {
    if (shown?.id !== jobId) return;
    if (shown.image) URL.revokeObjectURL(shown.image);
    shown.image = URL.createObjectURL(blob);
    image.src = shown.image;
  }, (error) => toast(`Could not load ${artifact.name}`, error.message, 'error'));
  return image;
}

function downloadButton(jobId, artifact) {
  return h('button', {
    type: 'button',
    className: 'secondary',
    onclick: async () => {
      try {
        saveAs(await jobsApi.artifact(jobId, artifact.name), artifact.name);
      } catch (error) {
        toast(`Could not download ${artifact.name}`, error.message, 'error');
      }
    },
  }, `Download ${artifact.name} (${formatSize(artifact.size)})`);
}

async function cancel() {
  const { id } = shown;
  try {
    putJob(await jobsApi.cancel(id));
  } catch (error) {
    toast('Could not cancel the job', error.message, 'error');
  }
}

async function retry() {
  const { id, actions } = shown;
  try {
    actions.watch(putJob(await jobsApi.retry(id)));
  } catch (error) {
    toast('Could not retry the job', error.message, 'error');
  }
}
