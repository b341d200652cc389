import { $, h, perFrame, shortId } from './dom.js';
import { allJobs, getJob } from './jobs.js';

const items = new Map();
const changed = new Set();
let selectedId = null;
let reorder = false;

const render = perFrame(() => {
  for (const id of changed) update(id);
  changed.clear();
  if (reorder) {
    $('#job-list').replaceChildren(...allJobs().map((job) => items.get(job.id)));
    reorder = false;
  }
  $('#no-jobs').hidden = items.size > 0;
});

/** Redraws one job's row (adding it when new) on the next frame. */
export function jobChanged(id) {
  if (!items.has(id)) {
    items.set(id, create(id));
    reorder = true;
  }
  changed.add(id);
  render();
}

export function selectJob(id) {
  selectedId = id;
  for (const [itemId, item] of items) item.classList.toggle('selected', itemId === id);
}

export function clearJobList() {
  items.clear();
  changed.clear();
  reorder = true;
  render();
}

function create(id) {
  return h('li', { className: 'job', dataset: { jobId: id } },
    h('a', { href: `#/jobs/${id}` },
      h('span', { className: 'type' }),
      h('code', { className: 'id' }, shortId(id)),
      h('span', { className: 'status' }),
      h('progress', { max: 100, value: 0 }),
      h('span', { className: 'percent' }),
      h('span', { className: 'message' })));
}

function update(id) {
  const job = getJob(id);
  const item = items.get(id);
  item.dataset.status = job.status;
  item.classList.toggle('selected', id === selectedId);
  item.querySelector('.type').textContent = job.type;
  item.querySelector('.status').textContent = job.status;
  item.querySelector('progress').value = job.progress;
  item.querySelector('.percent').textContent = `${Math.floor(job.progress)}%`;
  item.querySelector('.message').textContent = job.error ?? job.message ?? '';
}
