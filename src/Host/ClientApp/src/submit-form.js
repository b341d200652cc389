import { ApiError, jobsApi } from './api.js';
import { $, h } from './dom.js';

const inputsOf = {
  generation: (form) => ({
    prompt: form.prompt.value,
    width: number(form.width),
    height: number(form.height),
    steps: number(form.steps),
  }),
  training: (form) => ({
    epochs: number(form.epochs),
    learningRate: number(form.learningRate),
    samples: number(form.samples),
    features: number(form.features),
  }),
};

function number(input) {
  return input.value === '' ? undefined : Number(input.value);
}

/** Wires the new-job form; submitted(job) is called with each accepted job. */
export function setUpSubmitForm(submitted) {
  const form = $('#submit-form');
  const errors = $('#submit-errors');
  const showFields = () => {
    for (const fieldset of form.querySelectorAll('fieldset[data-type]')) fieldset.hidden = fieldset.dataset.type !== form.type.value;
  };
  form.type.addEventListener('change', showFields);
  showFields();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    errors.replaceChildren();
    try {
      const type = form.type.value;
      submitted(await jobsApi.submit({ type, input: inputsOf[type](form) }));
    } catch (error) {
      const lines = error instanceof ApiError && error.fieldErrors.length ? error.fieldErrors : [error.message];
      errors.replaceChildren(...lines.map((line) => h('li', {}, line)));
    } finally {
      button.disabled = false;
    }
  });
}
