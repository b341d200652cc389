import { toast } from './toasts.js';

/** Creates an element: h('li', { className: 'job', dataset: { jobId } }, 'text', child). */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name in element) element[name] = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Runs render at most once per frame however often it is asked for. */
export function perFrame(render) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      render();
    });
  };
}

// Job ids start with their creation time, so the end tells jobs apart.
export function shortId(id) {
  return id.slice(-8);
}

/**
 * A table: headers, then one row of cells per item; a caption names it for screen readers. On a narrow screen it
 * scrolls sideways inside its box, which the keyboard can reach too.
 */
export function table(caption, headers, rows) {
  return h('div', { className: 'table-scroll', tabIndex: 0, role: 'region', ariaLabel: caption },
    h('table', {},
      h('caption', { className: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, ...rows)));
}

/** A button that stays disabled while its action runs, and says what went wrong in a toast. */
export function actionButton(label, action, { className, ariaLabel, failure = `Could not ${label.toLowerCase()}` } = {}) {
  const button = h('button', { type: 'button', className, ariaLabel });
  button.textContent = label;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
    } catch (error) {
      toast(failure, error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

let lastId = 0;

/** An id no other element of the page has, for labels and descriptions built in code. */
export function uniqueId(prefix) {
  return `${prefix}-${++lastId}`;
}

/** Hands a blob to the browser as a download named so (fetched bytes need the Authorization header, so no plain link). */
export function saveAs(blob, name) {
  const url = URL.createObjectURL(blob);
  h('a', { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A field's problem in words, just after the field (the element marked data-field), and given to its controls as
 * their description, so a screen reader reads it with them.
 */
export function showProblem(field, message) {
  clearProblem(field);
  const problem = h('p', { id: uniqueId('problem'), className: 'field-problem' }, message);
  field.after(problem);
  field.dataset.problem = problem.id;
  for (const control of controlsOf(field)) {
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), problem.id].filter(Boolean).join(' '));
  }
}

export function clearProblem(field) {
  const id = field.dataset.problem;
  if (!id) return;
  document.getElementById(id)?.remove();
  delete field.dataset.problem;
  for (const control of controlsOf(field)) {
    control.removeAttribute('aria-invalid');
    const rest = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((each) => each && each !== id);
    if (rest.length) control.setAttribute('aria-describedby', rest.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

function controlsOf(field) {
  return field.matches('input, select, textarea') ? [field] : field.querySelectorAll('input, select, textarea');
}

/** A read-only field with a Copy button beside it, for a secret or a link shown once; answers { row, field }. */
export function copyRow(value, label) {
  const field = h('input', { readOnly: true, value, className: 'secret', ariaLabel: label, spellcheck: false });
  const copy = h('button', { type: 'button' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
      copy.textContent = 'Copied';
    } catch {
      field.select();
      toast('Copy it by hand', 'The browser did not let the page copy; the text is selected.', 'info');
    }
  });
  return { row: h('div', { className: 'secret-row' }, field, copy), field };
}

/** Shows a refusal in a form's error list: each field's problem on a line of its own, or the refusal's words. */
export function showErrors(list, error) {
  const lines = error.fieldErrors?.length ? error.fieldErrors : [error.message];
  list.replaceChildren(...lines.map((line) => h('li', {}, line)));
}

/**
 * Runs action() when the form is submitted, its submit buttons disabled meanwhile; a refusal is shown in the form's
 * error list (the element .errors), which is emptied first.
 */
export function onSubmit(form, action) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = form.querySelector('.errors');
    const buttons = [...form.querySelectorAll('button[type=submit]')];
    errors.replaceChildren();
    for (const button of buttons) button.disabled = true;
    try {
      await action();
    } catch (error) {
      showErrors(errors, error);
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  });
}
