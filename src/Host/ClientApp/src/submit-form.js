import { api, jobsApi } from './api.js';
import { costQuote } from './cost-quote.js';
import { $, clearProblem, h, showProblem } from './dom.js';
import { fileField, uploading } from './file-field.js';
import { chosenProject, projectSelect } from './project-choice.js';

// The form is built from each job type's input schema (GET /api/v1/job-types): a new type appears with its fields,
// limits and defaults without a line of page code.
let types = [];
let quote = null;

/** Wires the new-job form; submitted(job) is called with each accepted job. */
export function setUpSubmitForm(submitted) {
  const form = $('#submit-form');
  const errors = $('#submit-errors');
  const project = projectSelect();
  form.type.closest('label').after(h('label', {}, 'Project ', project));
  form.type.addEventListener('change', showFields);
  const requestOf = () => ({ type: form.type.value, input: inputOf(schemaOf(form.type.value), form), project: chosenProject(project) });
  quote = costQuote(form, requestOf);
  errors.before(quote.line);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    showProblems(form, errors);
    try {
      submitted(await jobsApi.submit(requestOf()));
    } catch (error) {
      showProblems(form, errors, error, 'input.');
      // Refused for credits: the detail says what it would hold and what there is; the Usage page says where it went.
      if (error.status === 402) errors.lastElementChild?.append(' ', h('a', { href: '#/usage' }, 'See your credits'));
    } finally {
      button.disabled = false;
      quote.refresh();
    }
  });
}

/** Reads the job types the signed-in user may submit and offers them in the form. */
export async function loadJobTypes() {
  const form = $('#submit-form');
  try {
    types = await api('/api/v1/job-types');
  } catch (error) {
    $('#submit-errors').replaceChildren(h('li', {}, `Could not load the job types: ${error.message}`));
    return [];
  }
  const chosen = form.type.value;
  form.type.replaceChildren(...typeOptions());
  if (types.some((type) => type.name === chosen)) form.type.value = chosen;
  showFields();
  quote?.refresh();
  return types.map((type) => type.name);
}

/** The job types read last, as options of a select. */
export function typeOptions() {
  return types.map((type) => h('option', { value: type.name }, labelOf(type.name)));
}

/** The labelled fields of a type's input, as the new-job form shows them. */
export function fieldsOf(typeName) {
  const schema = schemaOf(typeName);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, field]) => fieldFor(name, field, required.has(name)));
}

/** The input a form's fields give for a type; empty fields and fields left at their default are left out. */
export function inputFrom(typeName, form) {
  return inputOf(schemaOf(typeName), form);
}

/**
 * Shows why a submit was refused: each error of a field of the form (its key under prefix, "input." for a job's input)
 * beside that field, with the field named, and the rest in the list; without an error, clears them all.
 */
export function showProblems(form, list, error, prefix) {
  for (const field of form.querySelectorAll('[data-field]')) clearProblem(field);
  list.replaceChildren();
  if (!error) return;
  const atFields = new Map();
  const rest = error.problem?.errors ? [] : [error.message];
  for (const [key, messages] of Object.entries(error.problem?.errors ?? {})) {
    const name = key.startsWith(prefix) ? /^[^.[]+/.exec(key.slice(prefix.length))?.[0] : undefined;
    const field = name && [...form.querySelectorAll('[data-field]')].find((candidate) => candidate.dataset.field === name);
    if (field) atFields.set(field, [...(atFields.get(field) ?? []), ...messages.map((message) => `${labelOf(name)} ${message}`)]);
    else rest.push(...messages.map((message) => `${key}: ${message}`));
  }
  for (const [field, lines] of atFields) showProblem(field, lines.join(' '));
  list.replaceChildren(...rest.map((line) => h('li', {}, line)));
  form.querySelector('[aria-invalid="true"]')?.focus();
}

function schemaOf(type) {
  return types.find((candidate) => candidate.name === type)?.inputSchema ?? {};
}

function showFields() {
  const form = $('#submit-form');
  const type = types.find((candidate) => candidate.name === form.type.value);
  $('#submit-description').textContent = type?.description ?? '';
  $('#submit-fields').replaceChildren(...fieldsOf(form.type.value));
}

// One labelled control per field: a file, text, a number with its bounds, a checkbox, a choice, or JSON for lists and objects.
function fieldFor(name, field, required) {
  if (field['x-file']) return fileField(name, field, labelOf(name), required);
  const common = { name, required, title: field.description ?? undefined };
  let control;
  if (field.enum) control = h('select', common, ...field.enum.map((value) => h('option', { value: JSON.stringify(value) }, String(value))));
  else if (field.type === 'boolean') control = h('input', { ...common, type: 'checkbox', checked: field.default === true });
  else if (field.type === 'integer' || field.type === 'number') {
    control = h('input', {
      ...common,
      type: 'number',
      min: field.minimum ?? field.exclusiveMinimum,
      max: field.maximum ?? field.exclusiveMaximum,
      step: field.type === 'integer' ? 1 : 'any',
      value: field.default,
    });
  } else if (field.type === 'string') control = h('input', { ...common, maxLength: field.maxLength, value: field.default ?? '' });
  else control = h('textarea', { ...common, rows: 3, placeholder: 'JSON', value: field.default === undefined ? '' : JSON.stringify(field.default) });
  const wide = control.tagName === 'TEXTAREA' || (field.type === 'string' && !field.enum);
  return h('label', { className: field.type === 'boolean' ? 'check' : wide ? 'wide' : undefined, dataset: { field: name } }, `${labelOf(name)} `, control);
}

// Empty fields and fields left at their default are left out, so the type's own defaults apply: a field of a
// synthetic dataset left as it was does not count as given next to an uploaded one.
function inputOf(schema, form) {
  const input = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const control = form.elements[name];
    if (!control) continue;
    const value = valueOf(name, field, control);
    if (value !== undefined && (field.default === undefined || JSON.stringify(value) !== JSON.stringify(field.default))) input[name] = value;
  }
  return input;
}

function valueOf(name, field, control) {
  if (field['x-file']) {
    if (uploading(control)) throw new Error(`${labelOf(name)} is still uploading: submit once it is done.`);
    return control.value === '' ? undefined : { file: control.value };
  }
  if (field.type === 'boolean') return control.checked;
  if (control.value === '') return undefined;
  if (field.enum) return JSON.parse(control.value);
  if (field.type === 'integer' || field.type === 'number') return Number(control.value);
  if (field.type === 'string') return control.value;
  return parseJson(name, control.value);
}

function parseJson(name, text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${labelOf(name)} must be JSON.`);
  }
}

// learningRate → "Learning rate"
function labelOf(name) {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
