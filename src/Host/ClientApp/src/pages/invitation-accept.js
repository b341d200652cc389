import { organizationsApi } from '../api.js';
import { h } from '../dom.js';
import { switchTo } from '../owner.js';

/**
 * Where an invitation's link leads (#/invitations/accept?token=…): the signed-in person accepts it, and the page then
 * shows the organization's things; a refusal (another address's invitation, a used or expired one) is said in its words.
 */
export const acceptInvitationPage = {
  path: '/invitations/accept',
  title: 'Accept an invitation',
  admin: false,
  show(container, { params }) {
    const token = params.get('token') ?? '';
    const status = h('div', { role: 'status' });
    const accept = h('button', { type: 'button' }, 'Accept the invitation');
    accept.addEventListener('click', async () => {
      accept.disabled = true;
      status.replaceChildren(h('p', { className: 'muted' }, 'Accepting…'));
      try {
        const organization = await organizationsApi.accept(token);
        status.replaceChildren(h('p', {}, `You are now ${organization.role === 'admin' || organization.role === 'owner' ? 'an' : 'a'} ${organization.role} of ${organization.name}.`));
        switchTo(organization, '/jobs');
      } catch (error) {
        accept.disabled = false;
        status.replaceChildren(h('p', { className: 'error-text' }, h('strong', {}, 'This invitation cannot be accepted. '), refusalWords(error)));
      }
    });
    container.replaceChildren(h('section', { className: 'card narrow-card', 'aria-labelledby': 'accept-heading' },
      h('h2', { id: 'accept-heading' }, 'Join an organization'),
      token
        ? [h('p', {}, 'You were invited to an organization. Accept to share its jobs, files and schedules with the role you were given.'),
          h('div', { className: 'actions' }, accept, h('a', { href: '#/organizations' }, 'Not now'))]
        : h('p', { className: 'error-text' }, 'This link has no invitation in it: ask for the link again.'),
      status));
  },
};

// The detail says why (another address's invitation…); a field error says what was wrong with the token.
function refusalWords(error) {
  return error.fieldErrors?.length ? `The ${error.fieldErrors.join(' ')}` : error.message;
}
