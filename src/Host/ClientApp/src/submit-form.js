import { ApiError, api, jobsApi } from './api.js';
import { $, h } from './dom.js';

// The form is built from each job type's input schema (GET /api/v1/job-types): a new type appears with its fields,
// limits and defaults without a line of page code.
let types = [];

/** Wires the new-job form; submitted(job) is called with each accepted job. */
export function setUpSubmitForm(submitted) {
  const form = $('#submit-form');
  const errors = $('#submit-errors');
  form.type.addEventListener('change', showFields);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    errors.replaceChildren();
    try {
      const type = form.type.value;
      submitted(await jobsApi.submit({ type, input: inputOf(schemaOf(type), form) }));
    } catch (error) {
      const lines = error instanceof ApiError && error.fieldErrors.length ? error.fieldErrors : [error.message];
      errors.replaceChildren(...lines.map((line) => h('li', {}, line)));
    } finally {
      button.disabled = false;
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

/** The input a form's fields give for a type; empty fields are left out so the type's defaults apply. */
export function inputFrom(typeName, form) {
  return inputOf(schemaOf(typeName), form);
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

// One labelled control per field: text, a number with its bounds, a checkbox, a choice, or JSON for lists and objects.
function fieldFor(name, field, required) {
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
  return h('label', { className: field.type === 'boolean' ? 'check' : wide ? 'wide' : undefined }, `${labelOf(name)} `, control);
}

// Empty fields are left out, so the type's own defaults apply.
function inputOf(schema, form) {
  const input = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const control = form.elements[name];
    if (!control) continue;
    if (field.type === 'boolean') input[name] = control.checked;
    else if (control.value === '') continue;
    else if (field.enum) input[name] = JSON.parse(control.value);
    else if (field.type === 'integer' || field.type === 'number') input[name] = Number(control.value);
    else if (field.type === 'string') input[name] = control.value;
    else input[name] = parseJson(name, control.value);
  }
  return input;
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
