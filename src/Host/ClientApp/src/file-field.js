import { filesApi } from './api.js';
import { clearProblem, h, showProblem, uniqueId } from './dom.js';
import { fileOption, suits, typesInWords, uploadControl } from './uploads.js';

/**
 * A field of a job's input that names an uploaded file (its schema has "x-file"): upload one now, or pick one of the
 * caller's files of a type it takes. The select carries the file's id, so the form reads it like any other field.
 */
export function fileField(name, field, label, required) {
  const accept = field['x-file']?.accept ?? ['*/*'];
  const help = h('p', { id: uniqueId('file-help'), className: 'muted small' }, `Takes ${typesInWords(accept)}.`, field.description ? ` ${field.description}` : '');
  const choice = h('select', { name, required }, h('option', { value: '' }, required ? 'Choose a file' : 'None'));
  const wrapper = h('fieldset', { className: 'file-field wide', dataset: { field: name } });
  const upload = uploadControl({
    label: 'Upload',
    accept,
    describedBy: help.id,
    uploaded: (file) => {
      add(choice, [file], { first: true });
      choice.value = file.id;
      clearProblem(wrapper);
    },
    refused: (message) => showProblem(wrapper, message),
  });
  choice.addEventListener('change', () => clearProblem(wrapper));
  wrapper.append(h('legend', {}, label), help, ...upload.elements, h('label', {}, 'Or one of your files ', choice));

  filesApi.list({ pageSize: 100 }).then(
    (page) => add(choice, page.items.filter((file) => suits(file.contentType, accept))),
    (error) => showProblem(wrapper, `Could not read your files: ${error.message}`));
  return wrapper;
}

/** Whether the file field holding control is still sending its file. */
export function uploading(control) {
  return Boolean(control.closest('.file-field')?.querySelector('input[data-uploading]'));
}

// The list may come after an upload that is already in it.
function add(choice, files, { first = false } = {}) {
  const options = files.filter((file) => ![...choice.options].some((option) => option.value === file.id)).map(fileOption);
  if (first) choice.options[0].after(...options);
  else choice.append(...options);
}
