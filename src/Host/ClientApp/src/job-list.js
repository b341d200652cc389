import { jobsApi } from './api.js';
import { $, h, perFrame, shortId } from './dom.js';
import { formatRelative } from './format.js';
import { allJobs, finished, getJob, putJob } from './jobs.js';
import { mayWrite } from './owner.js';
import { chooseProject, projectSelect } from './project-choice.js';
import { linkTo } from './router.js';
import { toast } from './toasts.js';

const pageSize = 50;
const maxPageSize = 100;

// The list shows the jobs of the current filter the server answered, page by page, and jobs that match it as they
// appear live; a job that stops matching (a running job that ends) stays until the filter changes.
const items = new Map();
const changed = new Set();
let filter = { status: '', type: '', project: '' };
let shown = new Set();
let pagesLoaded = 0;
let total = 0;
let selectedId = null;
let reorder = false;
let loading = null;
let watch = () => {};

const render = perFrame(() => {
  for (const id of changed) if (shown.has(id)) update(id);
  changed.clear();
  if (reorder) {
    const ordered = allJobs().filter((job) => shown.has(job.id));
    for (const job of ordered) if (!items.has(job.id)) items.set(job.id, create(job.id));
    for (const job of ordered) update(job.id);
    $('#job-list').replaceChildren(...ordered.map((job) => items.get(job.id)));
    reorder = false;
  }
  const filtered = filter.status || filter.type || filter.project;
  $('#no-jobs').hidden = shown.size > 0;
  $('#no-jobs').textContent = filtered ? 'No jobs match these filters.' : mayWrite() ? 'No jobs yet: submit one.' : 'No jobs yet.';
  $('#job-count').textContent = total > 0 ? `(${Math.max(total, shown.size)})` : '';
  $('#load-more').hidden = shown.size >= total;
});

/** Wires the filters, the search by id and "load more"; watchJob(job) is called for each unfinished job read. */
export function setUpJobList(watchJob) {
  watch = watchJob;
  const form = $('#job-filters');
  form.type.closest('label').after(h('label', {}, 'Project ', projectSelect({ none: 'any', withArchived: true })));
  form.addEventListener('change', (event) => {
    if (event.target.name === 'id') return;
    location.hash = linkTo('/jobs', { ...filterParams(form), job: undefined });
  });
  // Enter in the id field submits the form (its only text field).
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    find(form.id.value.trim());
  });
  $('#load-more').addEventListener('click', () => loadPage(pagesLoaded + 1));
}

/** Shows the jobs of a filter ({ status, type, project }); reads the first page again when the filter changed or when asked. */
export async function showFilter(next, { reload = false } = {}) {
  const form = $('#job-filters');
  form.status.value = next.status ?? '';
  if ([...form.type.options].some((option) => option.value === next.type)) form.type.value = next.type ?? '';
  chooseProject(form.project, next.project);
  if (!reload && next.status === filter.status && next.type === filter.type && next.project === filter.project && pagesLoaded > 0) return;
  filter = { status: next.status ?? '', type: next.type ?? '', project: next.project ?? '' };
  await reloadList();
}

/** Reads again as many newest jobs of the filter as are shown (after a reconnect, say). */
export async function reloadList() {
  const size = Math.min(Math.max(pagesLoaded, 1) * pageSize, maxPageSize);
  const wanted = { ...filter };
  loading = jobsApi.list({ ...wanted, page: 1, pageSize: size });
  try {
    const page = await loading;
    if (wanted.status !== filter.status || wanted.type !== filter.type || wanted.project !== filter.project) return;
    shown = new Set();
    take(page);
    pagesLoaded = Math.ceil(page.items.length / pageSize) || 1;
  } catch (error) {
    toast('Could not load your jobs', error.message, 'error');
  }
}

async function loadPage(number) {
  const button = $('#load-more');
  button.disabled = true;
  try {
    take(await jobsApi.list({ ...filter, page: number, pageSize }));
    pagesLoaded = number;
  } catch (error) {
    toast('Could not load more jobs', error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

function take(page) {
  total = page.total;
  for (const job of page.items) {
    const held = putJob(job);
    shown.add(held.id);
    if (!finished(held.status)) watch(held);
  }
  reorder = true;
  render();
}

/** Redraws one job's row on the next frame, adding it when it newly matches the filter. */
export function jobChanged(id) {
  const job = getJob(id);
  if (job && !shown.has(id) && matches(job)) {
    shown.add(id);
    total++;
    reorder = true;
  }
  changed.add(id);
  render();
}

export function selectJob(id) {
  selectedId = id;
  for (const [itemId, item] of items) {
    item.classList.toggle('selected', itemId === id);
    item.querySelector('a').toggleAttribute('aria-current', itemId === id);
  }
}

export function clearJobList() {
  items.clear();
  changed.clear();
  shown = new Set();
  pagesLoaded = 0;
  total = 0;
  reorder = true;
  render();
}

/** The list's filter as address parameters, so a job opened from it keeps them. */
export function currentFilter() {
  return { status: filter.status, type: filter.type, project: filter.project };
}

/** Offers the types in the type filter. */
export function offerTypes(names) {
  const select = $('#job-filters').type;
  select.replaceChildren(h('option', { value: '' }, 'any'), ...names.map((name) => h('option', { value: name }, name)));
  select.value = filter.type;
}

function matches(job) {
  return (!filter.status || job.status === filter.status) && (!filter.type || job.type === filter.type)
    && (!filter.project || job.project === filter.project);
}

function filterParams(form) {
  return { status: form.status.value, type: form.type.value, project: form.project.value };
}

// A whole id opens the job; the last characters of one (what the list shows) find it among the jobs read so far.
async function find(text) {
  if (!text) return;
  const id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
    ? text.toLowerCase()
    : allJobs().find((job) => job.id.endsWith(text.toLowerCase()))?.id;
  if (!id) {
    toast('No such job here', `None of the jobs read so far ends with "${text}"; paste the whole id to open any of yours.`, 'error');
    return;
  }
  location.hash = linkTo(`/jobs/${id}`, currentFilter());
}

function create(id) {
  return h('li', { className: 'job', dataset: { jobId: id } },
    h('a', { href: linkTo(`/jobs/${id}`, currentFilter()) },
      h('span', { className: 'type' }),
      h('code', { className: 'id' }, shortId(id)),
      h('span', { className: 'status' }),
      h('progress', { max: 100, value: 0, ariaLabel: 'Progress' }),
      h('span', { className: 'percent' }),
      h('span', { className: 'message' }),
      h('time', { className: 'when' })));
}

function update(id) {
  const job = getJob(id);
  const item = items.get(id);
  if (!job || !item) return;
  item.dataset.status = job.status;
  item.classList.toggle('selected', id === selectedId);
  item.querySelector('a').href = linkTo(`/jobs/${id}`, currentFilter());
  item.querySelector('.type').textContent = job.type;
  item.querySelector('.status').textContent = job.status;
  item.querySelector('progress').value = job.progress;
  item.querySelector('.percent').textContent = `${Math.floor(job.progress)}%`;
  item.querySelector('.message').textContent = job.error ?? job.message ?? '';
  const when = item.querySelector('.when');
  when.dateTime = job.submittedAt;
  when.textContent = formatRelative(job.submittedAt);
}
