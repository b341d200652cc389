import { ApiError, filesApi } from '../api.js';
import { actionButton, h, saveAs, shortId, table } from '../dom.js';
import { formatDateTime, formatSize } from '../format.js';
import { mayWrite, viewerCard, whose } from '../owner.js';
import { toast } from '../toasts.js';
import { projectSelect } from '../project-choice.js';
import { uploadControl } from '../uploads.js';

const pageSize = 50;

let view = null;

/** The user's uploaded files: upload one, download, delete (refused while an unfinished job names it, said so in words). */
export const filesPage = {
  path: '/files',
  title: 'Files',
  admin: false,
  show(container) {
    view = {
      files: [],
      page: 0,
      total: 0,
      count: h('span', { className: 'muted' }),
      notice: h('p', { className: 'error-text notice', role: 'alert' }),
      list: h('div', {}, h('p', { className: 'muted' }, 'Reading your files…')),
      more: h('button', { type: 'button', className: 'secondary', hidden: true, onclick: () => load(view.page + 1) }, 'Load more'),
    };
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'Files'),
      h('p', { className: 'muted' }, 'Files to name in your jobs\' input. A file a queued or running job uses stays until that job ends.'),
      h('div', { className: 'columns' },
        h('section', { className: 'card', 'aria-labelledby': 'my-files-heading' },
          h('h3', { id: 'my-files-heading' }, `${whose()} files `, view.count), view.notice, view.list, h('div', { className: 'actions' }, view.more)),
        mayWrite() ? uploadForm() : viewerCard('Upload a file')));
    load(1);
  },
  leave() {
    view = null;
  },
};

function uploadForm() {
  const problem = h('p', { className: 'error-text notice', role: 'alert' });
  const project = projectSelect();
  const upload = uploadControl({
    project: () => project.value || undefined,
    label: 'File',
    uploaded: (file) => {
      problem.textContent = '';
      toast('File uploaded', `${file.name} (${formatSize(file.size)})`, 'success');
      load(1);
    },
    refused: (words) => (problem.textContent = words),
  });
  return h('section', { className: 'card', 'aria-labelledby': 'upload-heading' },
    h('h3', { id: 'upload-heading' }, 'Upload a file'),
    h('label', {}, 'Project ', project),
    ...upload.elements,
    problem);
}

// Page 1 starts the list again; a later page adds to it.
async function load(page) {
  const shown = view;
  try {
    const answer = await filesApi.list({ page, pageSize });
    if (view !== shown) return;
    view.files = page === 1 ? answer.items : [...view.files, ...answer.items.filter((file) => !view.files.some((held) => held.id === file.id))];
    view.page = page;
    view.total = answer.total;
    draw();
  } catch (error) {
    toast('Could not read your files', error.message, 'error');
  }
}

function draw() {
  const { files, total } = view;
  view.count.textContent = total ? `(${total})` : '';
  view.more.hidden = files.length >= total;
  view.list.replaceChildren(files.length === 0
    ? h('p', { className: 'muted' }, 'No files yet: upload one.')
    : table(`${whose()} files`, ['Name', 'Type', 'Size', 'Uploaded', 'Actions'], files.map((file) =>
      h('tr', { dataset: { fileId: file.id } },
        h('th', { scope: 'row', className: 'file-name' }, file.name),
        h('td', {}, h('code', {}, file.contentType)),
        h('td', { className: 'number' }, formatSize(file.size)),
        h('td', {}, h('time', { dateTime: file.createdAt }, formatDateTime(file.createdAt))),
        h('td', { className: 'row-actions' },
          actionButton('Download', async () => saveAs(await filesApi.content(file.id), file.name), { ariaLabel: `Download ${file.name}`, className: 'secondary' }),
          mayWrite() && actionButton('Delete', () => remove(file), { ariaLabel: `Delete ${file.name}`, className: 'danger' }))))));
}

async function remove(file) {
  if (!confirm(`Delete the file "${file.name}"? Jobs that used it keep their output.`)) return;
  view.notice.textContent = '';
  try {
    await filesApi.remove(file.id);
  } catch (error) {
    if (!(error instanceof ApiError) || error.problem.code !== 'file_in_use') throw error;
    view.notice.replaceChildren(...inUse(file, error.problem));
    return;
  }
  toast('File deleted', file.name, 'success');
  await load(1);
}

// The problem names the job in its detail; a link to it is where the person can cancel it.
function inUse(file, problem) {
  const jobId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(problem.detail ?? '')?.[0];
  const job = jobId ? h('a', { href: `#/jobs/${jobId}` }, `job ${shortId(jobId)}`) : 'a queued or running job';
  return [`${file.name} is in use, so it stays: `, job, ' has not finished and uses it. Delete the file once the job has ended, or cancel the job.'];
}
