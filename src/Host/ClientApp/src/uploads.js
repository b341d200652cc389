import { ApiError, filesApi } from './api.js';
import { h } from './dom.js';
import { formatDateTime, formatSize } from './format.js';

/** Whether a content type is one of the accepted ones (text/csv, image/*, *\/*), as the server judges it at submit. */
export function suits(contentType, accept) {
  const type = contentType.split(';')[0].trim().toLowerCase();
  return accept.some((pattern) => pattern === '*/*' || pattern.toLowerCase() === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1).toLowerCase())));
}

/** "text/csv or text/plain" */
export function typesInWords(accept) {
  return accept.length < 2 ? accept.join('') : `${accept.slice(0, -1).join(', ')} or ${accept.at(-1)}`;
}

/** A stored file as a person tells it from others: its name, size and when it came. */
export function fileOption(file) {
  return h('option', { value: file.id }, `${file.name} · ${formatSize(file.size)} · ${formatDateTime(file.createdAt)}`);
}

/**
 * A file input that uploads what is chosen at once, with a progress bar and a line saying how it went. uploaded(file)
 * gets the stored file, refused(words) what stopped it; a file of a type outside accept is refused before it is sent.
 */
export function uploadControl({ label, accept = ['*/*'], describedBy, uploaded, refused, project = () => undefined }) {
  const input = h('input', { type: 'file', accept: accept.includes('*/*') ? undefined : accept.join(','), 'aria-describedby': describedBy });
  const bar = h('progress', { max: 1, value: 0, hidden: true });
  const status = h('p', { className: 'upload-status muted small', role: 'status' });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    if (file.type && !suits(file.type, accept)) {
      input.value = '';
      status.textContent = '';
      refused(`${file.name} is ${file.type}; this takes ${typesInWords(accept)}.`);
      return;
    }
    input.dataset.uploading = 'true';
    bar.ariaLabel = `Uploading ${file.name}`;
    bar.value = 0;
    bar.hidden = false;
    status.textContent = `Uploading ${file.name} (${formatSize(file.size)})…`;
    try {
      const stored = await filesApi.upload(file, (fraction) => (bar.value = fraction), project());
      status.textContent = `Uploaded ${stored.name} (${formatSize(stored.size)}).`;
      uploaded(stored);
    } catch (error) {
      input.value = '';
      status.textContent = '';
      refused(uploadProblem(file, error));
    } finally {
      bar.hidden = true;
      delete input.dataset.uploading;
    }
  });
  return { input, elements: [h('label', {}, `${label} `, input), h('div', { className: 'upload-progress' }, bar, status)] };
}

// What the server refused, said of the file the person chose.
function uploadProblem(file, error) {
  if (!(error instanceof ApiError)) return error.message;
  const named = `${file.name} (${formatSize(file.size)})`;
  if (error.problem.code === 'file_too_large') return `${named} is larger than one upload may be.`;
  if (error.problem.code === 'file_quota_reached') return `${named} does not fit in your storage: delete some of your files first.`;
  const lines = Object.entries(error.problem.errors ?? {}).flatMap(([field, messages]) =>
    messages.map((message) => `${field === 'name' ? 'Its name' : file.name} ${message}`));
  return lines.length ? lines.join(' ') : error.message;
}
