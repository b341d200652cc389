import { anonymous } from './api.js';
import { $, h } from './dom.js';
import { currentRoute, navigate } from './router.js';

// The forms of someone signed out: sign in (any other address), a forgotten password, and the page a mailed reset link opens.
const forms = { '/forgot-password': '#forgot-form', '/reset-password': '#reset-form' };

export function isPasswordResetPath(path) {
  return Object.hasOwn(forms, path);
}

/** Shows the signed-out form the address names. */
export function showSignedOutForm(path) {
  const shown = forms[path] ?? '#sign-in-form';
  for (const selector of ['#sign-in-form', ...Object.values(forms)]) $(selector).hidden = selector !== shown;
  if (shown !== '#forgot-form') $('#forgot-status').textContent = '';
}

export function setUpPasswordReset() {
  submitting($('#forgot-form'), $('#forgot-errors'), async (form) => {
    await anonymous('/api/v1/auth/forgot-password', { email: form.email.value });
    form.reset();
    $('#forgot-status').textContent = 'If an account exists for that address, a link to choose a new password is on its way.';
  });
  submitting($('#reset-form'), $('#reset-errors'), async (form) => {
    const token = currentRoute().params.get('token') ?? '';
    await anonymous('/api/v1/auth/reset-password', { token, password: form.password.value });
    form.reset();
    $('#sign-in-status').textContent = 'Your password is changed and every session of your account is signed out. Sign in with the new password.';
    // The token is spent: keep it out of the history.
    navigate('/jobs', {}, { replace: true });
  });
}

function submitting(form, errors, work) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await work(form);
    } catch (error) {
      const lines = error.problem?.code === 'reset_token_invalid' || !error.fieldErrors?.length ? [error.message] : error.fieldErrors;
      errors.replaceChildren(...lines.map((line) => h('li', {}, line)));
    } finally {
      button.disabled = false;
    }
  });
}
